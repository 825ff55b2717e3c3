import { createParamDecorator, ExecutionContext, PipeTransform } from '@nestjs/common';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { RuleCommandContext } from '../rules/rule-command-context';
import { commandContext } from './request-context';

const authenticatedRequest = createParamDecorator((_: unknown, context: ExecutionContext) =>
  context.switchToHttp().getRequest<AuthenticatedRequest>(),
);

/**
 * Reading the headers happens in a pipe, not in the decorator's factory: Nest runs every
 * argument's pipes in argument order, so a bad path id or body is reported before a bad header,
 * as when each route parsed its inputs in that order.
 */
class CommandContextPipe implements PipeTransform<AuthenticatedRequest, RuleCommandContext> {
  transform(request: AuthenticatedRequest): RuleCommandContext {
    return commandContext(request);
  }
}

/** What a write carries besides its body: the actor, correlation id, If-Match and Idempotency-Key. */
export const CommandContext = (): ParameterDecorator => authenticatedRequest(undefined, new CommandContextPipe());
