import { ensurePacedLoad, runPacedLoad } from './paced-load';
import { created, RecordingServer, startRecordingServer } from './recording-server';

/** The compiled open-loop generator against a real HTTP server. */
describe('paced-load', () => {
  let server: RecordingServer;
  const built = ensurePacedLoad();

  beforeAll(async () => {
    server = await startRecordingServer();
  });

  afterAll(() => server.close());

  const run = (binary: string, perSecond: number, seconds: number) =>
    runPacedLoad(binary, {
      url: server.url,
      method: 'POST',
      path: '/rules/{{id}}',
      headers: { 'content-type': 'application/json' },
      body: '{"ruleId":"{{id}}"}',
      perSecond,
      connections: 4,
      seconds,
      warmupSeconds: 0,
      servicePid: process.pid,
    });

  it('schedules rate x seconds requests, each with an id of its own in path and body, and has each one answered', async () => {
    if (!built.ok) {
      console.warn(`skipped: ${built.reason}`);
      return;
    }
    server.seen.length = 0;
    const result = await run(built.binary, 200, 1);
    expect(result.paced?.due).toBe(200);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.requests).toBe(result.paced?.sent);
    expect(server.seen).toHaveLength(result.requests);
    for (const { path, body } of server.seen) expect(JSON.parse(body)).toEqual({ ruleId: path.slice('/rules/'.length) });
    expect(new Set(server.seen.map(({ path }) => path)).size).toBe(server.seen.length);
    expect(result.errors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0, status: 0 });
  });

  it('reads answers of any size to their end, by Content-Length or chunked', async () => {
    if (!built.ok) {
      console.warn(`skipped: ${built.reason}`);
      return;
    }
    // Larger than the generator's 64 KiB read buffer, and the rest of each sent 300 ms after
    // its first 70,000 bytes: an answer taken as whole when the buffer fills would be timed at
    // a few milliseconds, and its rest read as the next answer's head.
    const big = 'x'.repeat(200_000);
    let chunked = false;
    server.answer = (response) => {
      chunked = !chunked;
      const headers = chunked ? { 'content-type': 'text/plain' } : { 'content-type': 'text/plain', 'content-length': big.length };
      response.writeHead(200, headers).write(big.slice(0, 70_000));
      setTimeout(() => response.end(big.slice(70_000)), 300);
    };
    try {
      server.seen.length = 0;
      const result = await run(built.binary, 20, 1);
      expect(result.requests).toBeGreaterThanOrEqual(4);
      expect(result.p50Ms).toBeGreaterThan(250);
      expect(result.requests).toBe(result.paced?.sent);
      expect(server.seen).toHaveLength(result.requests);
      expect(result.errors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0, status: 0 });
    } finally {
      server.answer = created;
    }
  });

  it('counts latency from when a request was due, so a server that falls behind is charged for the queue', async () => {
    if (!built.ok) {
      console.warn(`skipped: ${built.reason}`);
      return;
    }
    // Four connections of answers held 200 ms take 20 a second; 100 a second are due.
    server.answer = (response) => setTimeout(() => created(response), 200);
    try {
      const result = await run(built.binary, 100, 2);
      expect(result.paced?.due).toBe(200);
      expect(result.paced!.sent).toBeLessThan(100);
      // A closed loop would report about 200 ms for every request; the last ones sent were due
      // over a second before they went out.
      expect(result.maxMs).toBeGreaterThan(1000);
      expect(result.p50Ms).toBeGreaterThan(400);
    } finally {
      server.answer = created;
    }
  });
});
