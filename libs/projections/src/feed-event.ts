import { assertNever, toTrustedEnvelope } from '@policy/domain';
import { RecordedEvent, ruleFeedEventKind } from '@policy/event-store';
import { ProjectorLogger, warn } from './projector.types';
import type { RuleEventEnvelope } from '@policy/domain';

/**
 * One event of the feed into the read model: a rule's event is folded in; anything else moves
 * its checkpoint only. The tombstone of a deleted rule stream (KurrentDB's `$streamDeleted`) is
 * reported, and the rule kept as it last was: stopping on it would stop the projector for good.
 */
/** What takes the events: the live read model, or a file being built. */
export interface FeedTarget {
  apply(envelope: RuleEventEnvelope): void;
  skip(position: bigint): void;
}

export const applyFeedEvent = (readModel: FeedTarget, event: RecordedEvent, logger?: ProjectorLogger): void => {
  const kind = ruleFeedEventKind(event);
  switch (kind) {
    case 'rule-event':
      readModel.apply(toTrustedEnvelope(event));
      return;
    case 'rule-stream-deleted':
      if (logger) {
        warn(
          logger,
          `${event.streamId} was deleted in the store (a tombstone at position ${event.position}); the read model keeps the rule as it last was`,
        );
      }
      readModel.skip(event.position);
      return;
    case 'other':
      readModel.skip(event.position);
      return;
    default:
      assertNever(kind);
  }
};
