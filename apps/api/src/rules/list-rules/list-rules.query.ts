import { Query } from '@nestjs/cqrs';
import { PointInTime, RuleFilters, RulePage } from '@policy/projections';

export type RulesAtPointInTime = PointInTime & RulePage;

export class ListRulesQuery extends Query<RulesAtPointInTime> {
  constructor(
    readonly input: { readonly at: PointInTime; readonly filters: RuleFilters; readonly page: { after?: string; limit: number } },
  ) {
    super();
  }
}
