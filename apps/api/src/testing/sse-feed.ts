import { IncomingMessage, request as httpRequest } from 'node:http';

/** An SSE client on a real socket: the status, what arrived, whether the server ended the feed. */
export interface Feed {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  text(): string;
  ids(): number[];
  ended(): boolean;
  close(): void;
}

export const openFeed = (port: number, path: string, headers: Record<string, string>): Promise<Feed> =>
  new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      let text = '';
      let ended = false;
      response.on('data', (chunk) => (text += chunk.toString()));
      response.on('end', () => (ended = true));
      response.on('error', () => undefined);
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        text: () => text,
        ids: () => [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1])),
        ended: () => ended,
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
    request.end();
  });
