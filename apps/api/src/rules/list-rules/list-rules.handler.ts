import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RuleReadModel } from '@policy/projections';
import { SplicedJson } from '../../http/spliced-json';
import { ListRulesQuery, RulesAtPointInTimeJson } from './list-rules.query';

@QueryHandler(ListRulesQuery)
export class ListRulesHandler implements IQueryHandler<ListRulesQuery, RulesAtPointInTimeJson> {
  constructor(private readonly readModel: RuleReadModel) {}

  async execute({ input: { at, filters, page } }: ListRulesQuery): Promise<RulesAtPointInTimeJson> {
    const { rules, nextCursor } = this.readModel.listRulesJson(at, filters, page);
    const json = new SplicedJson();
    // The keys in the order of { ...at, ...page }.
    const shell = { asOf: at.asOf, knownAt: at.knownAt, rules: json.hole(rules), ...(nextCursor === undefined ? {} : { nextCursor }) };
    return { json: json.encode(shell) };
  }
}
