import { Query } from '@nestjs/cqrs';
import { PointInTime, RuleFilters, RulePage } from '@policy/projections';

export type RulesAtPointInTime = PointInTime & RulePage;

/**
 * The answer as the JSON of a `RulesAtPointInTime`, as bytes ready to send: a page is built
 * from the read model's stored JSON, never parsed into objects only to be serialised again.
 */
export type RulesAtPointInTimeJson = { readonly json: Buffer };

export class ListRulesQuery extends Query<RulesAtPointInTimeJson> {
  constructor(
    readonly input: { readonly at: PointInTime; readonly filters: RuleFilters; readonly page: { after?: string; limit: number } },
  ) {
    super();
  }
}
