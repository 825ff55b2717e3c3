import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { END_OF_TIME } from '@policy/domain';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { ChangesQuery } from '../rule-queries.schemas';
import { ChangesBetween, ListChangesQuery } from './list-changes.query';

@Controller('changes')
export class ListChangesController {
  constructor(private readonly queries: QueryBus) {}

  /** What changed in effective time between two dates: each changed rule, before and after, a page at a time. */
  @Get()
  changes(
    @Query(new ZodValidationPipe(ChangesQuery, 'the query')) { from, to, knownAt, limit, after }: ChangesQuery,
  ): Promise<ChangesBetween> {
    return this.queries.execute(new ListChangesQuery({ from, to, knownAt: knownAt ?? END_OF_TIME, page: { after, limit } }));
  }
}
