import { RULE_STREAM_PREFIX } from '@policy/domain';
import type { RecordedEvent } from './event-store.port';

/**
 * The event type KurrentDB writes into a stream when it is hard-deleted (tombstoned), at
 * revision 2^63 - 1, with no data. It reaches the `$all` feed under the stream's own name, so
 * a `policy-rule-*` tombstone looks like a rule event to a reader that goes by the name.
 * Nothing in the service deletes streams; an operator can.
 */
export const STREAM_DELETED_TYPE = '$streamDeleted';

/** A marker that a stream was deleted, not an event of the stream's own kind. */
export const isStreamTombstone = (event: Pick<RecordedEvent, 'type'>): boolean => event.type === STREAM_DELETED_TYPE;

/** What the service's readers do with an event of the feed. */
export type RuleFeedEventKind = 'rule-event' | 'rule-stream-deleted' | 'other';

/**
 * Sorts a feed event for the readers that fold rule streams (the projector, the Kafka relay):
 * a rule's own event, the tombstone of a deleted rule stream (skipped and reported: it is no
 * rule event, and stopping on it would stop them for good), or an event of another stream.
 */
export const ruleFeedEventKind = (event: Pick<RecordedEvent, 'streamId' | 'type'>): RuleFeedEventKind => {
  if (!event.streamId.startsWith(RULE_STREAM_PREFIX)) return 'other';
  return isStreamTombstone(event) ? 'rule-stream-deleted' : 'rule-event';
};
