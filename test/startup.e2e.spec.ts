import { createServer } from 'node:net';
import { client, eventually, startService } from './support/service';

/** A port bound and released again: nothing listens there. */
const unusedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * The built service started against a KurrentDB that is not there (the real client and its
 * bridge, against an address where nothing listens): it listens at once, says it is live and
 * not ready, refuses every other route with 503, and exits non-zero once its start timeout has
 * passed, naming KurrentDB and the address in one line.
 */
describe('Start-up', () => {
  describe('when KurrentDB is unreachable', () => {
    it('listens at once, answers ready 503 while probing, then exits non-zero naming KurrentDB and its address', async () => {
      const port = await unusedPort();
      const service = await startService({
        waitUntilReady: false,
        env: {
          EVENT_STORE: 'kurrentdb',
          KURRENTDB_CONNECTION_STRING: `kurrentdb://admin:changeit@127.0.0.1:${port}?tls=false`,
          POLICY_STORE_START_TIMEOUT_MS: '4000',
        },
      });
      const exited = new Promise<number | null>((resolve) => service.process.once('exit', (code) => resolve(code)));
      try {
        const api = client(service.url);
        expect((await api.get('/health/live')).status).toBe(200);

        const ready = await api.get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body).toMatchObject({ status: 'starting', progress: { phase: 'connecting-store' } });
        expect(ready.body.progress.store).toBe(`KurrentDB at kurrentdb://127.0.0.1:${port}`);

        const rules = await api.get('/rules');
        expect(rules.status).toBe(503);
        expect(rules.body.error.code).toBe('starting');
        expect(rules.body.error.message).toContain(`KurrentDB at kurrentdb://127.0.0.1:${port}`);
        expect(Number(rules.headers.get('retry-after'))).toBeGreaterThan(0);

        const code = await exited;
        expect(code).not.toBe(0);
      } finally {
        await service.kill();
      }
      const output = service.output();
      expect(output).toContain(`policy-ledger failed to start: KurrentDB at kurrentdb://127.0.0.1:${port} did not answer within 4000 ms`);
      const attempts = output.split('\n').filter((line) => line.includes('is not reachable (attempt'));
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      // One line per attempt and no stack traces anywhere in the loop; no credentials either.
      expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
      expect(output).not.toContain('changeit');
    });
  });

  describe('when the store answers', () => {
    it('becomes ready on its own and then serves', async () => {
      const service = await startService({ waitUntilReady: false });
      try {
        const api = client(service.url);
        expect((await api.get('/health/live')).status).toBe(200);
        const ready = await eventually(async () => {
          const answer = await api.get('/health/ready');
          return answer.status === 200 ? answer : undefined;
        }, '/health/ready to answer 200');
        expect(ready.body.status).toBe('ready');
        expect((await api.get('/rules')).status).toBe(200);
      } finally {
        await service.stop();
      }
    });
  });
});
