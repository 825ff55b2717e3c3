import { fold, Rule, RuleEventEnvelope, ruleStreamName, toEnvelope } from '@policy/domain';
import { EventStore } from '@policy/event-store';

/**
 * A point in both clocks: the state in force at `asOf` (effective time), as the records stood
 * at `knownAt` (recorded time).
 */
export type PointInTime = Readonly<{ asOf: string; knownAt: string }>;

/**
 * Within a rule both clocks only move forward, so the events visible at a point in time are
 * a prefix of its stream: stop at the first one that is later on either clock.
 */
export const visiblePrefix = (events: readonly RuleEventEnvelope[], at: PointInTime): RuleEventEnvelope[] => {
  const end = events.findIndex((e) => e.effectiveAt > at.asOf || e.recordedAt > at.knownAt);
  return end === -1 ? [...events] : events.slice(0, end);
};

export const readRuleEvents = async (store: EventStore, ruleId: string): Promise<RuleEventEnvelope[]> =>
  (await store.readStream(ruleStreamName(ruleId))).map(toEnvelope);

/** The replay path: fold the rule's log up to the point, without the read model. */
export const replayRule = async (store: EventStore, ruleId: string, at: PointInTime): Promise<Rule | undefined> => {
  const prefix = visiblePrefix(await readRuleEvents(store, ruleId), at);
  return prefix.length === 0 ? undefined : (fold(prefix) as Rule);
};
