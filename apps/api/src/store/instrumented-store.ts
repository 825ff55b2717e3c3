import { ConcurrencyError } from '@policy/domain';
import { EventStore } from '@policy/event-store';
import { Metrics } from '../observability/metrics';

/** `conflict`: the stream had moved (the write path retries); `error`: the store failed. */
const outcomeOf = (error: unknown) => (error instanceof ConcurrencyError ? 'conflict' : 'error');

/**
 * `store` with its appends timed: from asking to the answer, so queueing behind a group
 * commit counts. Every other member is the store's own.
 */
export const instrumentStore = (store: EventStore, metrics: Metrics): EventStore => {
  const appends = metrics.histogram('policy_store_append_duration_seconds', 'time from asking the store to append to its answer', [
    'outcome',
  ]);
  const append: EventStore['append'] = async (...args) => {
    const end = appends.startTimer();
    try {
      const result = await store.append(...args);
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: outcomeOf(error) });
      throw error;
    }
  };
  return new Proxy(store, {
    get: (target, name, receiver) => {
      if (name === 'append') return append;
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};
