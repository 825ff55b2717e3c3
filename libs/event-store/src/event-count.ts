import type { EventStore } from './event-store.port';

/** How many events follow a position: exact up to `cap`, or at least `cap` when `capped`. */
export interface EventCount {
  readonly events: number;
  readonly capped: boolean;
}

/** Enough to tell "a few" from "very many" without reading a whole backlog for a health check. */
export const DEFAULT_COUNT_CAP = 10_000;

/**
 * Events committed after `after` (all of them when undefined): the lag of a consumer at that
 * position. Where positions are event numbers it is their difference; elsewhere (KurrentDB's
 * byte offsets) the events are read and counted, at most `cap` of them.
 */
export const countEventsAfter = async (store: EventStore, after: bigint | undefined, cap = DEFAULT_COUNT_CAP): Promise<EventCount> => {
  if (store.positionsCountEvents) {
    const head = await store.headPosition();
    const events = head === undefined ? 0 : Math.max(0, Number(head - (after ?? 0n)));
    return { events, capped: false };
  }
  let events = 0;
  let from = after;
  while (events < cap) {
    const page = await store.readAll({ fromPosition: from, limit: Math.min(1000, cap - events) });
    events += page.length;
    if (page.length === 0) break;
    from = page[page.length - 1].position;
  }
  return { events, capped: events >= cap };
};
