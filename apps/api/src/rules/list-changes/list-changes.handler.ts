import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RuleReadModel } from '@policy/projections';
import { ChangesBetween, ListChangesQuery } from './list-changes.query';

@QueryHandler(ListChangesQuery)
export class ListChangesHandler implements IQueryHandler<ListChangesQuery, ChangesBetween> {
  constructor(private readonly readModel: RuleReadModel) {}

  async execute({ input: { from, to, knownAt, page } }: ListChangesQuery): Promise<ChangesBetween> {
    return { from, to, knownAt, ...this.readModel.changes(from, to, knownAt, page) };
  }
}
