import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { RequireRole } from '../../auth/roles';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { NoQuery } from '../../rules/rule-queries.schemas';
import { EvaluationIdParam } from '../evaluation-queries.schemas';
import { GetEvaluationQuery, RecordedEvaluation } from './get-evaluation.query';

@Controller('evaluations')
export class GetEvaluationController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @RequireRole('auditor')
  get(
    @Param('id', new ZodValidationPipe(EvaluationIdParam, 'the evaluation id')) evaluationId: string,
    @Query(new ZodValidationPipe(NoQuery, 'the query')) _query: unknown,
  ): Promise<RecordedEvaluation> {
    return this.queries.execute(new GetEvaluationQuery(evaluationId));
  }
}
