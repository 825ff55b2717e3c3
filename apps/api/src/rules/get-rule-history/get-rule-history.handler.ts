import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { readRuleEvents } from '@policy/projections';
import { GetRuleHistoryQuery, RuleHistory } from './get-rule-history.query';

/** History is read from the log itself: every event with both clocks, the actor and the ids. */
@QueryHandler(GetRuleHistoryQuery)
export class GetRuleHistoryHandler implements IQueryHandler<GetRuleHistoryQuery, RuleHistory> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input: { ruleId } }: GetRuleHistoryQuery): Promise<RuleHistory> {
    const events = await readRuleEvents(this.store, ruleId);
    if (events.length === 0) throw new NotFoundError(`rule ${ruleId} does not exist`, 'rule_not_found');
    return { ruleId, events };
  }
}
