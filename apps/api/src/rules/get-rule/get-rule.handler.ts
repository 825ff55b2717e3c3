import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { replayRule, RuleReadModel, RuleSnapshots } from '@policy/projections';
import { GetRuleQuery, RuleAtPointInTime } from './get-rule.query';

@QueryHandler(GetRuleQuery)
export class GetRuleHandler implements IQueryHandler<GetRuleQuery, RuleAtPointInTime> {
  constructor(
    private readonly readModel: RuleReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly snapshots: RuleSnapshots,
  ) {}

  async execute({ input: { ruleId, at, consistency } }: GetRuleQuery): Promise<RuleAtPointInTime> {
    const rule = consistency === 'replay' ? await replayRule(this.store, ruleId, at, this.snapshots) : this.readModel.ruleAt(ruleId, at);
    if (!rule) {
      throw new NotFoundError(`rule ${ruleId} has no version in force at ${at.asOf} as known at ${at.knownAt}`, 'rule_not_found');
    }
    return { ...at, consistency, rule };
  }
}
