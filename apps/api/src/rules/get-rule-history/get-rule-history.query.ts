import { Query } from '@nestjs/cqrs';
import { RuleEventEnvelope } from '@policy/domain';

export interface RuleHistory {
  readonly ruleId: string;
  readonly events: RuleEventEnvelope[];
}

export class GetRuleHistoryQuery extends Query<RuleHistory> {
  constructor(readonly input: { readonly ruleId: string }) {
    super();
  }
}
