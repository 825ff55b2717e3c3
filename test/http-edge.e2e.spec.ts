import { waitFor } from '@policy/common/testing';
import { readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ADMIN_KEY, client, h200, keysCli, newDataDir, RunningService, startService } from './support/service';

const keyFrom = (output: string): string => /(pl_[A-Za-z0-9_-]{43})/.exec(output)![1];
const mode = (path: string) => statSync(path).mode & 0o777;

describe('The HTTP edge of the built service', () => {
  let service: RunningService;
  let readerKey: string;

  beforeAll(async () => {
    const dataDir = newDataDir();
    readerKey = keyFrom(keysCli(dataDir, 'create', '--role', 'reader', '--name', 'feed-reader'));
    service = await startService({
      dataDir,
      env: { POLICY_HTTP_HEADERS_TIMEOUT_MS: '500', POLICY_HTTP_REQUEST_TIMEOUT_MS: '1000' },
    });
  });
  afterAll(() => service?.stop());

  it('keeps its data directory 0700 and every file in it 0600', async () => {
    expect((await client(service.url).post('/rules', h200('edge-perms'))).status).toBe(201);

    const files = readdirSync(service.dataDir);
    expect(files).toEqual(expect.arrayContaining(['events.sqlite', 'keys.sqlite', 'read-model.sqlite']));
    expect(mode(service.dataDir)).toBe(0o700);
    expect(
      files.filter((name) => statSync(join(service.dataDir, name)).isFile()).map((name) => [name, mode(join(service.dataDir, name))]),
    ).toEqual(files.filter((name) => statSync(join(service.dataDir, name)).isFile()).map((name) => [name, 0o600]));
  });

  it('closes a socket that sent its headers and one byte of its body, within the request timeout', async () => {
    const { port } = new URL(service.url);
    const socket = connect(Number(port), '127.0.0.1');
    let closed = false;
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.write(
      `POST /rules HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${ADMIN_KEY}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{`,
    );

    await waitFor('the service to close the stalled socket', () => closed, { timeoutMs: 10_000 });
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 401 before it reads a malformed body, with a Bearer challenge', async () => {
    const answer = await client(service.url, '').post('/rules', '{"title":');

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="policy-ledger"');
  });

  it('ends an open feed once its key is revoked with `npm run keys -- revoke`', async () => {
    const { port } = new URL(service.url);
    let text = '';
    let ended = false;
    const feed = httpRequest(
      { host: '127.0.0.1', port, path: '/events/stream', headers: { authorization: `Bearer ${readerKey}` } },
      (response) => {
        response.on('data', (chunk) => (text += chunk.toString()));
        response.on('end', () => (ended = true));
      },
    );
    feed.on('error', () => undefined);
    feed.end();
    try {
      await waitFor('the feed to open', () => text.includes('policy-ledger event feed'), { timeoutMs: 10_000 });

      keysCli(service.dataDir, 'revoke', '--name', 'feed-reader');

      await waitFor('the feed to end', () => ended, { timeoutMs: 10_000 });
      expect(text).toContain('"code":"key_revoked"');
    } finally {
      feed.destroy();
    }
  });
});
