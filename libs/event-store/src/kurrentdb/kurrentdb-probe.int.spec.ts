import { createServer } from 'node:net';
import { StoreStartError } from '../store-start-error';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * The start-up probe against a real address where nothing listens (a port bound and released
 * by this test): the real client and its bridge fail to connect, so what is shown is what an
 * operator sees when KurrentDB is down at start. No server is needed; with one, the contract
 * suite beside this covers the rest.
 */
const unusedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

describe('KurrentDbEventStore', () => {
  describe('when nothing listens at its address', () => {
    it('probes with a new client per attempt, logs one line per attempt, and gives up naming KurrentDB and the address', async () => {
      const port = await unusedPort();
      const lines: string[] = [];
      const logger = { log: (line: string) => void lines.push(line), warn: (line: string) => void lines.push(line) };
      const store = KurrentDbEventStore.fromConnectionString(`kurrentdb://operator:s3cret@127.0.0.1:${port}?tls=false`, {
        startTimeoutMs: 3000,
        logger,
      });
      const error: unknown = await store.open().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(StoreStartError);
      const message = (error as Error).message;
      expect(message).toContain(`KurrentDB at kurrentdb://127.0.0.1:${port}`);
      expect(message).toContain('POLICY_STORE_START_TIMEOUT_MS');
      // More than one attempt, each one line without a stack, with growing pauses.
      const retries = lines.filter((line) => line.includes('is not reachable'));
      expect(retries.length).toBeGreaterThanOrEqual(2);
      for (const line of retries) expect(line).not.toMatch(/\n|\bat .+:\d+:\d+/);
      const delays = retries.map((line) => Number(/retrying in (\d+) ms/.exec(line)?.[1]));
      for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
      // The credentials in the connection string never reach a log line or the error.
      for (const text of [...lines, message]) expect(text).not.toContain('s3cret');
      // Every operation waits for the probe, and then fails the same way.
      await expect(store.readStream('policy-rule-any')).rejects.toBeInstanceOf(StoreStartError);
      await store.close();
    });
  });
});
