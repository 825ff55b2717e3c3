import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { RequireRole } from '../../auth/roles';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { EvaluationIdParam, RecheckQuery } from '../evaluation-queries.schemas';
import { Recheck, RecheckEvaluationQuery } from './recheck-evaluation.query';

@Controller('evaluations')
export class RecheckEvaluationController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/recheck')
  @RequireRole('auditor')
  recheck(
    @Param('id', new ZodValidationPipe(EvaluationIdParam, 'the evaluation id')) evaluationId: string,
    @Query(new ZodValidationPipe(RecheckQuery, 'the query')) { knownAt }: RecheckQuery,
  ): Promise<Recheck> {
    return this.queries.execute(new RecheckEvaluationQuery(evaluationId, knownAt));
  }
}
