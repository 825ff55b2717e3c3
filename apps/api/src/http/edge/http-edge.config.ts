import { z } from 'zod';

/** A whole number of the given unit, decimal only (`0x10` and `1e3` are refused). */
export const wholeNumberEnv = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'a whole decimal number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);

/**
 * The HTTP edge: how long a client may take and how much of the service one client or one key
 * may hold. Node's and Fastify's defaults leave request and header timeouts off, so a client that
 * sends headers and one byte of body holds its socket for ever.
 */
export const HttpEdgeEnv = z.object({
  /** From the connection's first byte to the end of the request's headers. */
  POLICY_HTTP_HEADERS_TIMEOUT_MS: wholeNumberEnv(100, 600_000, 10_000),
  /** From the first byte to the end of the request's body (a body is at most 256 KiB). */
  POLICY_HTTP_REQUEST_TIMEOUT_MS: wholeNumberEnv(100, 600_000, 30_000),
  /** How long an idle keep-alive connection waits for its next request. */
  POLICY_HTTP_KEEP_ALIVE_TIMEOUT_MS: wholeNumberEnv(100, 600_000, 5_000),
  /** A socket with no traffic either way for this long is closed (SSE feeds send a heartbeat every 15 s). */
  POLICY_HTTP_IDLE_TIMEOUT_MS: wholeNumberEnv(1_000, 3_600_000, 60_000),
  /** Open connections from one client address; the next is answered 429 and closed. 0: no cap. */
  POLICY_HTTP_MAX_CONNECTIONS_PER_CLIENT: wholeNumberEnv(0, 1_000_000, 256),
  /** Requests per second from one client address (bursts of twice that); 0: no limit. */
  POLICY_RATE_LIMIT_PER_CLIENT: wholeNumberEnv(0, 1_000_000, 1_000),
  /** Requests per second with one API key, from any address (bursts of twice that); 0: no limit. */
  POLICY_RATE_LIMIT_PER_KEY: wholeNumberEnv(0, 1_000_000, 500),
  /** Open SSE feeds (`GET /events/stream`) one key may hold; the next is 429. */
  POLICY_SSE_MAX_FEEDS_PER_KEY: wholeNumberEnv(1, 10_000, 10),
});
export type HttpEdgeConfig = z.infer<typeof HttpEdgeEnv>;

/** Node refuses a headers timeout longer than the request timeout it belongs to. */
export const headersWithinRequest = (config: HttpEdgeConfig, ctx: z.RefinementCtx): void => {
  if (config.POLICY_HTTP_HEADERS_TIMEOUT_MS > config.POLICY_HTTP_REQUEST_TIMEOUT_MS) {
    ctx.addIssue({ code: 'custom', path: ['POLICY_HTTP_HEADERS_TIMEOUT_MS'], message: 'at most POLICY_HTTP_REQUEST_TIMEOUT_MS' });
  }
};

/** The edge's settings when nothing is configured (the in-process API tests' app). */
export const defaultHttpEdge = (): HttpEdgeConfig => HttpEdgeEnv.parse({});
