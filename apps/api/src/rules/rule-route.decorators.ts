import { applyDecorators, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { RequireRole } from '../auth/roles';
import { WithReceipt } from '../ledger/receipt.interceptor';
import { RevisionEtagInterceptor } from '../http/revision-etag.interceptor';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { WriteAnswer } from './rule-command-context';
import { RuleIdParam } from './rule-queries.schemas';

/** A POST that records events: admins only, answered with the rule's revision as its ETag and the receipt of its event. */
export const RuleWrite = (path: string, status: 200 | 201 = 200): MethodDecorator =>
  applyDecorators(
    Post(path),
    RequireRole('admin'),
    HttpCode(status),
    UseInterceptors(RevisionEtagInterceptor),
    WithReceipt((answer: WriteAnswer) => answer.position),
  );

/**
 * The `:id` of a rule route, checked to be a rule id (a lowercase slug). Nest runs argument
 * pipes from the last argument to the first: a read route takes it before its query, so that a
 * bad query is reported first, as it always was.
 */
export const RuleIdFromPath = (): ParameterDecorator => Param('id', new ZodValidationPipe(RuleIdParam, 'the rule id'));
