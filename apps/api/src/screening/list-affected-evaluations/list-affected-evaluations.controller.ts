import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { RequireRole } from '../../auth/roles';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { AffectedQuery } from '../evaluation-queries.schemas';
import { AffectedEvaluations, ListAffectedEvaluationsQuery } from './list-affected-evaluations.query';

@Controller('evaluations')
export class ListAffectedEvaluationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireRole('auditor')
  list(@Query(new ZodValidationPipe(AffectedQuery, 'the query')) input: AffectedQuery): Promise<AffectedEvaluations> {
    return this.queries.execute(new ListAffectedEvaluationsQuery(input));
  }
}
