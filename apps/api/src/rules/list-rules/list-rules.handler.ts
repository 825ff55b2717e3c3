import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RuleReadModel } from '@policy/projections';
import { ListRulesQuery, RulesAtPointInTimeJson } from './list-rules.query';

@QueryHandler(ListRulesQuery)
export class ListRulesHandler implements IQueryHandler<ListRulesQuery, RulesAtPointInTimeJson> {
  constructor(private readonly readModel: RuleReadModel) {}

  async execute({ input: { at, filters, page } }: ListRulesQuery): Promise<RulesAtPointInTimeJson> {
    // The page's text starts `{"rules":`; the point in time goes first, as in { ...at, ...page }.
    const rules = this.readModel.listRulesJson(at, filters, page);
    return { json: `{"asOf":${JSON.stringify(at.asOf)},"knownAt":${JSON.stringify(at.knownAt)},${rules.slice(1)}` };
  }
}
