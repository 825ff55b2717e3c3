import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { NoQuery } from '../rule-queries.schemas';
import { RuleIdFromPath } from '../rule-route.decorators';
import { GetRuleHistoryQuery, RuleHistory } from './get-rule-history.query';

@Controller('rules')
export class GetRuleHistoryController {
  constructor(private readonly queries: QueryBus) {}

  /** The query is validated only to refuse unknown parameters: this route takes none. */
  @Get(':id/history')
  history(@RuleIdFromPath() ruleId: string, @Query(new ZodValidationPipe(NoQuery, 'the query')) none: NoQuery): Promise<RuleHistory> {
    return this.queries.execute(new GetRuleHistoryQuery({ ...none, ruleId }));
  }
}
