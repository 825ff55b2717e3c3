import { Logger } from '@nestjs/common';
import { FastifyHttpOptions } from 'fastify';
import { Server, STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { ErrorBody, sendError } from '../domain-exception.filter';
import { HttpEdgeConfig } from './http-edge.config';

const logger = new Logger('HTTP');

/** Writes a whole error answer on a socket no route will answer, then closes it. */
export const writeRawError = (socket: Socket, status: number, body: ErrorBody, extra = ''): void => {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\n${extra}connection: close\r\n\r\n${text}`,
    () => socket.destroy(),
  );
};

/** What Node's parser refuses before any route runs: too slow, headers too large, not HTTP. */
const clientErrorAnswer = (code: string | undefined): { status: number; body: ErrorBody } => {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, body: { error: { code: 'request_timeout', message: 'the request did not arrive in time' } } };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, body: { error: { code: 'headers_too_large', message: 'the request headers are too large' } } };
  }
  return { status: 400, body: { error: { code: 'malformed_request', message: 'the request is not valid HTTP/1.1' } } };
};

const onClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
  // A reset peer or a socket already gone has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = clientErrorAnswer(error.code);
  writeRawError(socket, status, body);
};

/**
 * Fastify's options for the edge: the timeouts (Node checks them every `connectionsCheckingInterval`,
 * 30 s by default, far coarser than the timeouts themselves), and every error Fastify or Node would
 * answer in their own shapes given the service's `{ error: { code, message } }`.
 */
export const edgeServerOptions = (edge: HttpEdgeConfig): FastifyHttpOptions<Server> => ({
  requestTimeout: edge.POLICY_HTTP_REQUEST_TIMEOUT_MS,
  keepAliveTimeout: edge.POLICY_HTTP_KEEP_ALIVE_TIMEOUT_MS,
  connectionTimeout: edge.POLICY_HTTP_IDLE_TIMEOUT_MS,
  http: {
    headersTimeout: edge.POLICY_HTTP_HEADERS_TIMEOUT_MS,
    requestTimeout: edge.POLICY_HTTP_REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1_000, Math.ceil(edge.POLICY_HTTP_HEADERS_TIMEOUT_MS / 4)),
  },
  // Above the longest rule id (120), so a valid id is never refused as too long (414).
  routerOptions: { maxParamLength: 200 },
  clientErrorHandler: onClientError,
  frameworkErrors: (error, _request, reply) => void sendError(reply, error, logger),
});
