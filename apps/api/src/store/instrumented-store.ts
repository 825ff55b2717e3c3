import { activeTraceparent, inSpan } from '@policy/common';
import { ConcurrencyError } from '@policy/domain';
import { EventStore, NewEvent } from '@policy/event-store';
import { Metrics } from '../observability/metrics';

/** `conflict`: the stream had moved (the write path retries); `error`: the store failed. */
const outcomeOf = (error: unknown) => (error instanceof ConcurrencyError ? 'conflict' : 'error');

/** Each event keeps the trace that caused it (W3C `traceparent`), so the relay can send it on to Kafka. */
const withTrace = (events: readonly NewEvent[], traceparent: string | undefined): readonly NewEvent[] =>
  traceparent === undefined ? events : events.map((event) => ({ ...event, metadata: { ...(event.metadata as object), traceparent } }));

/**
 * `store` with its appends timed (from asking to the answer, so queueing behind a group commit
 * counts) and traced. The store itself, its `append` replaced: a proxy would hand out new bound
 * functions on every read, which specs could not spy on.
 */
export const instrumentStore = (store: EventStore, metrics: Metrics): EventStore => {
  const appends = metrics.histogram('policy_store_append_duration_seconds', 'time from asking the store to append to its answer', [
    'outcome',
  ]);
  const original = store.append.bind(store);
  const append: EventStore['append'] = async (streamId, events, options) => {
    const end = appends.startTimer();
    const traceparent = activeTraceparent();
    try {
      const result = await inSpan('store.append', { 'policy.stream': streamId, 'policy.events': events.length }, () =>
        original(streamId, withTrace(events, traceparent), options),
      );
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: outcomeOf(error) });
      throw error;
    }
  };
  return Object.assign(store, { append });
};
