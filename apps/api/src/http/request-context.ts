import { randomUUID } from 'node:crypto';
import { FastifyRequest } from 'fastify';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { actorOf } from '../auth/roles';
import { IdempotencyKey, parseIfMatch, RuleCommandContext } from '../rules/rule-command-context';
import { parse } from './parse';

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A caller's correlation id is kept if it looks like one; otherwise each request gets its own. */
export const correlationIdOf = (request: FastifyRequest): string => {
  const given = header(request, 'x-correlation-id');
  return given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
};

export const commandContext = (request: AuthenticatedRequest): RuleCommandContext => {
  const key = header(request, 'idempotency-key');
  return {
    actor: actorOf(request.principal),
    ifMatch: parseIfMatch(request.headers['if-match']),
    idempotencyKey: key === undefined ? undefined : parse(IdempotencyKey, key, 'Idempotency-Key'),
    correlationId: correlationIdOf(request),
  };
};
