import { Server } from 'node:http';
import { Socket } from 'node:net';
import { writeRawError } from './server-options';

/**
 * Caps the connections one client address holds open at once: past `max`, a new connection is
 * answered 429 with `Retry-After` and closed, so one client cannot take every socket the process
 * has (idle keep-alive sockets count; the timeouts close the slow ones).
 */
export const limitConnectionsPerClient = (server: Server, max: number): void => {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? 'unknown';
    const held = open.get(client) ?? 0;
    if (held >= max) {
      writeRawError(
        socket,
        429,
        { error: { code: 'too_many_connections', message: `at most ${max} connections from one client at once` } },
        'retry-after: 1\r\n',
      );
      return;
    }
    open.set(client, held + 1);
    socket.once('close', () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left > 0) open.set(client, left);
      else open.delete(client);
    });
  });
};
