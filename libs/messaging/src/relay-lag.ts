import { EnvelopeMetadata } from '@policy/domain';
import { countEventsAfter, EventStore } from '@policy/event-store';

/** The relay's checkpoint name unless told otherwise; one per relay sharing a store. */
export const DEFAULT_RELAY_CHECKPOINT = 'kafka-relay';

export interface RelayLag {
  /** Events committed to the store and not yet acknowledged by Kafka (counted up to 10,000). */
  readonly events: number;
  /** True when there are at least `events` (the count stopped there). */
  readonly capped: boolean;
  /** Age of the oldest of them by its recordedAt; 0 when there are none. */
  readonly seconds: number;
}

/**
 * How far Kafka is behind the store, from the relay's durable checkpoint: usable by a process
 * that does not run the relay itself (the api's health check beside a separate publisher).
 * Counted as events on every store (KurrentDB's positions are byte offsets: its events are read
 * and counted, up to a cap).
 */
export const relayLag = async (
  store: EventStore,
  {
    checkpointName = DEFAULT_RELAY_CHECKPOINT,
    checkpoint,
    clock = () => new Date(),
  }: { checkpointName?: string; checkpoint?: bigint; clock?: () => Date } = {},
): Promise<RelayLag> => {
  const from = checkpoint ?? (await store.checkpoints.load(checkpointName));
  const { events, capped } = await countEventsAfter(store, from);
  if (events === 0) return { events: 0, capped, seconds: 0 };
  const [oldest] = await store.readAll({ fromPosition: from, limit: 1 });
  const recordedAt = oldest ? EnvelopeMetadata.safeParse(oldest.metadata).data?.recordedAt : undefined;
  const seconds = recordedAt ? Math.max(0, (clock().getTime() - Date.parse(recordedAt)) / 1000) : 0;
  return { events, capped, seconds };
};
