import { createParamDecorator, ExecutionContext, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { RuleCommandInput } from '../rules/rule-command-context';
import { RuleIdParam } from '../rules/rule-queries.schemas';
import { commandContext } from './request-context';
import { ZodValidationPipe } from './zod-validation.pipe';

const authenticatedRequest = createParamDecorator((_: unknown, context: ExecutionContext) =>
  context.switchToHttp().getRequest<AuthenticatedRequest>(),
);

/**
 * One pipe checks the whole input, in a fixed order: the rule id, the body, then the headers
 * (If-Match, Idempotency-Key), so a request wrong in several places is told about the first.
 * Separate argument pipes would not keep it: Nest runs them from the last argument to the first.
 */
class CommandInputPipe implements PipeTransform<AuthenticatedRequest, Partial<RuleCommandInput<unknown>>> {
  private readonly ruleId = new ZodValidationPipe(RuleIdParam, 'the rule id');

  constructor(
    private readonly body: ZodValidationPipe<z.ZodType>,
    private readonly ruleIdInPath: boolean,
  ) {}

  transform(request: AuthenticatedRequest): Partial<RuleCommandInput<unknown>> {
    const ruleId = this.ruleIdInPath ? this.ruleId.transform((request.params as { id?: unknown }).id) : undefined;
    const body = this.body.transform(request.body);
    return { ...(ruleId === undefined ? {} : { ruleId }), body, context: commandContext(request) };
  }
}

/**
 * The validated input of a write: `body` parsed with `schema` (`what` names it in a 400), the
 * rule id from the `:id` of the path, and the command context (actor, correlation id, If-Match,
 * Idempotency-Key). A proposal names its rule in the body, so it passes `ruleIdInPath: false`.
 */
export const CommandInput = (schema: z.ZodType, what: string, { ruleIdInPath = true } = {}): ParameterDecorator =>
  authenticatedRequest(undefined, new CommandInputPipe(new ZodValidationPipe(schema, what), ruleIdInPath));
