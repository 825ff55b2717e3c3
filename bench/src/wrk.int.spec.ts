import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ensureWrk, runWrk } from './wrk';

/** What a real wrk sent to a real server: the unique-id mode must never send one id twice. */
describe('wrk driving writes', () => {
  let server: Server;
  let url: string;
  const seen: { path: string; body: string }[] = [];
  const available = ensureWrk();

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ path: request.url ?? '', body });
        response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((closed) => server.close(closed));
  });

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
      url,
      threads: 2,
      connections: 4,
      seconds: 1,
      warmupSeconds: 0,
      servicePid: process.pid,
    });
    const measured = seen.filter(({ path }) => path.startsWith('/rules/r1m-'));
    expect(result.requests).toBeGreaterThan(10);
    expect(measured.length).toBeGreaterThanOrEqual(result.requests);
    for (const { path, body } of measured) expect(JSON.parse(body)).toEqual({ ruleId: path.slice('/rules/'.length) });
    expect(new Set(measured.map(({ path }) => path)).size).toBe(measured.length);
  });
});
