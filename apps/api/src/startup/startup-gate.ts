import { Logger } from '@nestjs/common';
import { FastifyInstance } from 'fastify';
import { sendError } from '../http/domain-exception.filter';
import { Startup } from './startup.service';

const logger = new Logger('HTTP');

/** What answers while the service starts: the health endpoints, which say how far it has got. */
const HEALTH = /^\/health(\/|\?|$)/;

/**
 * Until the start-up sequence is done, every request but `/health*` is answered 503 `starting`
 * with `Retry-After`, before anything else looks at it: the process listens at once, so an
 * orchestrator sees it live, while no client is served from a read model still being built.
 */
export const installStartupGate = (fastify: FastifyInstance, startup: Startup): void => {
  fastify.addHook('onRequest', async (request, reply) => {
    if (startup.isReady() || HEALTH.test(request.url)) return;
    return sendError(reply, startup.notReady(), logger);
  });
};
