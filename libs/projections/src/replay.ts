import { evolve, initialState, PointInTime, Rule, RuleEventEnvelope, RuleState, ruleStreamName, toEnvelope } from '@policy/domain';
import { EventStore, RecordedEvent } from '@policy/event-store';
import type { RuleSnapshots } from './rule-snapshots';

/**
 * Within a rule both clocks only move forward, so the events visible at a point in time are
 * a prefix of its stream: a fold stops at the first one that is later on either clock.
 */
const isVisible = (event: { effectiveAt: string; recordedAt: string }, at: PointInTime): boolean =>
  event.effectiveAt <= at.asOf && event.recordedAt <= at.knownAt;

export const readRuleEvents = async (store: EventStore, ruleId: string): Promise<RuleEventEnvelope[]> =>
  (await store.readStream(ruleStreamName(ruleId))).map(toEnvelope);

/** Events read from the log at a time while replaying: memory stays flat for any history. */
const REPLAY_PAGE = 500;

/**
 * The replay path: fold the rule's log up to the point, without the read model, validating
 * every event in full. With `snapshots`, the fold starts from the latest snapshot visible at
 * the point (checked against the log first) instead of the first event, and leaves snapshots
 * behind as it passes their revisions, so a rule with a long history is folded in full once.
 */
export const replayRule = async (
  store: EventStore,
  ruleId: string,
  at: PointInTime,
  snapshots?: RuleSnapshots,
): Promise<Rule | undefined> => {
  const stream = ruleStreamName(ruleId);
  let state: RuleState = initialState();
  let from = 0;
  const snapshot = snapshots?.nearest(ruleId, at);
  if (snapshot) {
    // Past a snapshot at most one interval of events is folded: read no more than that.
    const page = await store.readStream(stream, { fromRevision: BigInt(snapshot.revision), maxCount: snapshots!.interval + 1 });
    if (page[0]?.eventId === snapshot.eventId) {
      state = snapshot.state;
      from = snapshot.revision + 1;
      if (fold(page.slice(1)).done || page.length <= snapshots!.interval) return asRule(state);
      from += page.length - 1;
    } else {
      // Not this log's history (a restored or replaced store): start over from the log.
      snapshots!.forget(ruleId);
    }
  }
  for (;;) {
    const page = await store.readStream(stream, { fromRevision: BigInt(from), maxCount: REPLAY_PAGE });
    if (fold(page).done || page.length < REPLAY_PAGE) return asRule(state);
    from += page.length;
  }

  /** Folds a page into `state` up to the first event not visible at the point. */
  function fold(page: readonly RecordedEvent[]): { done: boolean } {
    for (const stored of page) {
      const event = toEnvelope(stored);
      if (!isVisible(event, at)) return { done: true };
      state = evolve(state, event);
      snapshots?.offer(event, state);
    }
    return { done: false };
  }
};

const asRule = (state: RuleState): Rule | undefined => (state.status === 'none' ? undefined : state);
