import { Logger } from '@nestjs/common';
import { TooManyRequestsError, UnsupportedMediaTypeError } from '@policy/domain';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthenticatedRequest } from '../../auth/auth.guard';
import { BearerAuthenticator } from '../../auth/bearer';
import { EdgeRouteConfig } from '../../auth/roles';
import { sendError } from '../domain-exception.filter';
import { HttpEdgeConfig } from './http-edge.config';
import { RateLimiter } from './rate-limiter';

const logger = new Logger('HTTP');

const hasBody = (request: FastifyRequest): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

const isJson = (contentType: string | undefined): boolean => contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);

const limit = (limiter: RateLimiter, name: string, who: string): void => {
  const wait = limiter.take(name);
  if (wait > 0) throw new TooManyRequestsError(`too many requests from ${who}; retry in ${wait} s`, wait);
};

/**
 * What every request goes through before its body is read (Fastify's `onRequest`): the client's
 * rate limit, then, on routes that are not @Public, the API key or token (401 before any 400 about the
 * body) and the key's rate limit, then the body's type (JSON only: 415). The guard then checks the
 * role with the principal found here.
 */
export const installEdgeHooks = (fastify: FastifyInstance, bearer: BearerAuthenticator, edge: HttpEdgeConfig): void => {
  const perClient = new RateLimiter(edge.POLICY_RATE_LIMIT_PER_CLIENT);
  const perKey = new RateLimiter(edge.POLICY_RATE_LIMIT_PER_KEY);
  fastify.addHook('onRequest', async (request, reply) => {
    try {
      limit(perClient, request.ip, 'this client');
      // An unknown path is answered 404 or 405 by the router, whatever the credentials.
      if (request.routeOptions.url === undefined) return;
      const config = request.routeOptions.config as EdgeRouteConfig | undefined;
      // Without a bearer key, a session cookie (if any) is the guard's to check.
      if (!config?.public && (request.headers.authorization !== undefined || request.headers.cookie === undefined)) {
        const principal = await bearer.authenticate(request.headers.authorization);
        limit(perKey, principal.name, `key ${principal.name}`);
        (request as AuthenticatedRequest).principal = principal;
      }
      if (hasBody(request) && !isJson(request.headers['content-type'])) throw new UnsupportedMediaTypeError();
    } catch (error) {
      return sendError(reply, error, logger);
    }
  });
};
