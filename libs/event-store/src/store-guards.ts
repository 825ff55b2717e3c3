import type { NewEvent } from './event-store.port';

/** What every adapter answers once closed: it never reopens its connection behind the caller. */
export const storeClosedError = (): Error => new Error('event store is closed');

export const assertOpen = (closed: boolean): void => {
  if (closed) throw storeClosedError();
};

/** An empty append would have no revision to report; every adapter refuses it the same way. */
export const assertEvents = (events: readonly NewEvent[]): void => {
  if (events.length === 0) throw new Error('append needs at least one event');
};
