import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A real HTTP server for the load generators' own specs: it keeps the path and body of every
 * request and answers through `answer` (201 `{}` by default), which a spec may replace to hold
 * answers back or send others.
 */
export interface RecordingServer {
  readonly url: string;
  readonly seen: { path: string; body: string }[];
  answer: (response: ServerResponse) => void;
  close(): Promise<void>;
}

/** The default answer: 201 with an empty JSON object. */
export const created = (response: ServerResponse): void => void response.writeHead(201, { 'content-type': 'application/json' }).end('{}');

export const startRecordingServer = async (): Promise<RecordingServer> => {
  const state: Omit<RecordingServer, 'url' | 'close'> = { seen: [], answer: created };
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      state.seen.push({ path: request.url ?? '', body });
      state.answer(response);
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
