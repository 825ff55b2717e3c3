import { waitFor } from '@policy/common/testing';
import { AddressInfo, connect, Socket } from 'node:net';
import { ADMIN_KEY } from '../../testing/api-harness';
import { useApi } from '../../testing/api-lifecycle';

/** A raw TCP client: what it was sent back, and whether the server has closed the connection. */
interface RawClient {
  readonly socket: Socket;
  received(): string;
  closed(): boolean;
}

const open = async (port: number): Promise<RawClient> => {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let closed = false;
  socket.on('data', (chunk) => (text += chunk.toString()));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => text, closed: () => closed };
};

const bodyOf = (response: string): unknown => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

/** The api on a real listening socket for each case, with `env`; raw clients, closed after each case. */
const useListeningApi = (env: Record<string, string>) => {
  const api = useApi('each', [], { env });
  let port = 0;
  const clients: RawClient[] = [];
  beforeEach(async () => {
    await api().app.listen({ port: 0, host: '127.0.0.1' });
    port = (api().app.getHttpServer().address() as AddressInfo).port;
  });
  afterEach(() => clients.splice(0).forEach((one) => one.socket.destroy()));
  const client = async () => {
    const one = await open(port);
    clients.push(one);
    return one;
  };
  return { api, client };
};

describe('the HTTP edge on a listening socket', () => {
  const { api, client } = useListeningApi({
    POLICY_HTTP_HEADERS_TIMEOUT_MS: '400',
    POLICY_HTTP_REQUEST_TIMEOUT_MS: '800',
    POLICY_HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
  });

  it('answers 408 and closes a connection whose headers never end', async () => {
    const slow = await client();
    slow.socket.write('GET /health HTTP/1.1\r\nhost: x\r\n');

    await waitFor('the server to close the slow socket', slow.closed, { timeoutMs: 5_000 });
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(slow.received())).toEqual({ error: { code: 'request_timeout', message: expect.any(String) } });
  });

  it('closes a connection that sent its headers and one byte of its body', async () => {
    const slow = await client();
    slow.socket.write(
      `POST /rules HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${ADMIN_KEY}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{`,
    );

    await waitFor('the server to close the socket with a stalled body', slow.closed, { timeoutMs: 5_000 });
    expect(await api().store.readAll({})).toEqual([]);
  });

  it('closes an idle keep-alive connection after its timeout', async () => {
    const idle = await client();
    idle.socket.write('GET /schemas HTTP/1.1\r\nhost: x\r\n\r\n');

    await waitFor('the answer', () => idle.received().includes('\r\n\r\n'), { timeoutMs: 5_000 });
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200 /);
    await waitFor('the server to close the idle connection', idle.closed, { timeoutMs: 5_000 });
  });

  it('answers 431 in the error shape to headers that are too large', async () => {
    const big = await client();
    big.socket.write(`GET /health HTTP/1.1\r\nhost: x\r\nx-filler: ${'a'.repeat(20_000)}\r\n\r\n`);

    await waitFor('the server to close the socket', big.closed, { timeoutMs: 5_000 });
    expect(big.received()).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(big.received())).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });

  it('answers 400 in the error shape to bytes that are not HTTP', async () => {
    const garbage = await client();
    garbage.socket.write('HELLO THERE\r\n\r\n');

    await waitFor('the server to close the socket', garbage.closed, { timeoutMs: 5_000 });
    expect(garbage.received()).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(garbage.received())).toEqual({ error: { code: 'malformed_request', message: expect.any(String) } });
  });
});

describe('the per-client connection cap', () => {
  // Default timeouts: the connections held open must outlast the case, however slow the machine.
  const { client } = useListeningApi({ POLICY_HTTP_MAX_CONNECTIONS_PER_CLIENT: '3' });

  it('answers 429 with Retry-After to one connection too many from a client, and takes it again once one closes', async () => {
    const held = [await client(), await client(), await client()];
    const extra = await client();

    await waitFor('the extra connection to be refused', extra.closed, { timeoutMs: 5_000 });
    expect(extra.received()).toMatch(/^HTTP\/1\.1 429 /);
    expect(extra.received()).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(bodyOf(extra.received())).toEqual({ error: { code: 'too_many_connections', message: expect.any(String) } });

    held[0].socket.destroy();
    await waitFor(
      'the server to see the close',
      async () => {
        const next = await client();
        next.socket.write('GET /schemas HTTP/1.1\r\nhost: x\r\n\r\n');
        await waitFor('an answer', () => next.received().includes('\r\n\r\n') || next.closed(), { timeoutMs: 5_000 });
        return /^HTTP\/1\.1 200 /.test(next.received());
      },
      { timeoutMs: 5_000 },
    );
  });
});
