import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ruleStreamName } from '@policy/domain';
import { FastifyReply } from 'fastify';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { WithReceipt } from '../../ledger/receipt.interceptor';
import { pointInTime } from '../point-in-time';
import { PointInTimeQuery } from '../rule-queries.schemas';
import { RuleIdFromPath } from '../rule-route.decorators';
import { GetRuleQuery, RuleAtPointInTime } from './get-rule.query';

@Controller('rules')
export class GetRuleController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @WithReceipt((answer: RuleAtPointInTime) => ({ streamId: ruleStreamName(answer.rule.ruleId), revision: answer.rule.revision }))
  async get(
    @RuleIdFromPath() ruleId: string,
    @Query(new ZodValidationPipe(PointInTimeQuery, 'the query')) { consistency, ...at }: PointInTimeQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RuleAtPointInTime> {
    const answer = await this.queries.execute(new GetRuleQuery({ ruleId, at: pointInTime(at), consistency }));
    // The revision is the rule's ETag, so a client can send it back as If-Match.
    void reply.header('etag', `"${answer.rule.revision}"`);
    return answer;
  }
}
