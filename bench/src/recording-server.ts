import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A real HTTP server for the load generators' own specs: it keeps the path and body of every
 * request and answers 201 `{}` through `answer`, which a spec may replace (to hold answers back).
 */
export interface RecordingServer {
  readonly url: string;
  readonly seen: { path: string; body: string }[];
  answer: (response: ServerResponse) => void;
  close(): Promise<void>;
}

export const startRecordingServer = async (): Promise<RecordingServer> => {
  const state: Omit<RecordingServer, 'url' | 'close'> = { seen: [], answer: (response) => response.end('{}') };
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      state.seen.push({ path: request.url ?? '', body });
      state.answer(response.writeHead(201, { 'content-type': 'application/json' }));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    },
  });
};
