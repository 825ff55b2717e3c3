import { EventStore } from '@policy/event-store';
import { ApiHarness, overrideStore, startApi } from '../testing/api-harness';
import { proposalBody } from '../testing/rule-commands.fixtures';
import { Startup } from './startup.service';

/**
 * The api serves HTTP before its read model is ready. Here the log's first read is held back
 * (as a long rebuild or a slow store would hold it), so the start-up stays unfinished for as
 * long as the test needs, without any timing.
 */
describe('Start-up', () => {
  let api: ApiHarness;
  let release!: () => void;

  const heldFirstRead = (store: EventStore): EventStore => {
    const gate = new Promise<void>((resolve) => (release = resolve));
    return overrideStore(store, {
      // Without the bulk scan a build reads pages through readAll, like a catch-up does.
      logScan: null as never,
      readAll: async (options) => {
        await gate;
        return store.readAll(options);
      },
    });
  };

  beforeEach(async () => (api = await startApi({ wrapStore: heldFirstRead, waitUntilReady: false })));
  afterEach(async () => {
    release();
    await api.close();
  });

  describe('while the read model is not ready', () => {
    it('is live, answers /health/ready 503 with its progress, and every other route 503 starting with Retry-After', async () => {
      const live = await api.request('GET', '/health/live', { key: null });
      expect(live.status).toBe(200);
      expect(live.body.status).toBe('live');

      const ready = await api.request('GET', '/health/ready', { key: null });
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('starting');
      expect(['building-read-model', 'catching-up']).toContain(ready.body.progress.phase);
      expect(ready.body.progress.store).toMatch(/^SQLite at .*events\.sqlite$/);

      for (const [method, url] of [
        ['GET', '/rules'],
        ['POST', '/rules'],
      ] as const) {
        const answer = await api.request(method, url, method === 'POST' ? { body: proposalBody() } : {});
        expect(answer.status).toBe(503);
        expect(answer.body.error.code).toBe('starting');
        expect(answer.body.error.message).toContain('/health/ready');
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(await api.store.headPosition()).toBeUndefined();
    });
  });

  describe('once the read model has caught up', () => {
    it('is ready and serves every route', async () => {
      release();
      await api.app.get(Startup).whenReady();

      const ready = await api.request('GET', '/health/ready', { key: null });
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ready');
      expect((await api.request('POST', '/rules', { body: proposalBody() })).status).toBe(201);
    });
  });
});
