import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { END_OF_TIME } from '@policy/domain';
import { parse } from '../http/parse';
import { ListChangesQuery } from './list-changes/list-changes.query';
import { ChangesQuery } from './rule-queries.schemas';

@Controller('changes')
export class ChangesController {
  constructor(private readonly queries: QueryBus) {}

  /** What changed in effective time between two dates: each changed rule, before and after. */
  @Get()
  changes(@Query() query: unknown) {
    const { from, to, knownAt } = parse(ChangesQuery, query, 'the query');
    return this.queries.execute(new ListChangesQuery({ from, to, knownAt: knownAt ?? END_OF_TIME }));
  }
}
