import { RecordingServer, startRecordingServer } from './recording-server';
import { ensureWrk, runWrk } from './wrk';

/** What a real wrk sent to a real server: the unique-id mode must never send one id twice. */
describe('wrk driving writes', () => {
  let server: RecordingServer;
  const available = ensureWrk();

  beforeAll(async () => {
    server = await startRecordingServer();
  });

  afterAll(() => server.close());

  it('gives every request of every thread an id of its own, in path and body alike', async () => {
    if (!available.ok) {
      console.warn(`skipped: ${available.reason}`);
      return;
    }
    const result = await runWrk({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ path: '/rules/{{id}}', body: '{"ruleId":"{{id}}"}' }],
      unique: { run: 'r1' },
      url: server.url,
      threads: 2,
      connections: 4,
      seconds: 1,
      warmupSeconds: 0,
      servicePid: process.pid,
    });
    const measured = server.seen.filter(({ path }) => path.startsWith('/rules/r1m-'));
    expect(result.requests).toBeGreaterThan(10);
    expect(measured.length).toBeGreaterThanOrEqual(result.requests);
    for (const { path, body } of measured) expect(JSON.parse(body)).toEqual({ ruleId: path.slice('/rules/'.length) });
    expect(new Set(measured.map(({ path }) => path)).size).toBe(measured.length);
  });
});
