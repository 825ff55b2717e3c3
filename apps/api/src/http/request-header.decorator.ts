import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

/**
 * One request header, raw, for a validation pipe to check: unlike Nest's `@Headers`, it takes
 * pipes, e.g. `@RequestHeader('last-event-id', new ZodValidationPipe(...))`.
 */
export const RequestHeader = createParamDecorator(
  (name: string, context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>().headers[name],
);
