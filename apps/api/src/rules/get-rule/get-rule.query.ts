import { Query } from '@nestjs/cqrs';
import { Rule } from '@policy/domain';
import { PointInTime } from '@policy/projections';

export interface RuleAtPointInTime extends PointInTime {
  readonly consistency: 'read-model' | 'replay';
  readonly rule: Rule;
}

export class GetRuleQuery extends Query<RuleAtPointInTime> {
  constructor(readonly input: { readonly ruleId: string; readonly at: PointInTime; readonly consistency: 'read-model' | 'replay' }) {
    super();
  }
}
