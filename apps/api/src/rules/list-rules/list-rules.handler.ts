import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RuleReadModel } from '@policy/projections';
import { ListRulesQuery, RulesAtPointInTime } from './list-rules.query';

@QueryHandler(ListRulesQuery)
export class ListRulesHandler implements IQueryHandler<ListRulesQuery, RulesAtPointInTime> {
  constructor(private readonly readModel: RuleReadModel) {}

  async execute({ input: { at, filters, page } }: ListRulesQuery): Promise<RulesAtPointInTime> {
    return { ...at, ...this.readModel.listRules(at, filters, page) };
  }
}
