import type { EventStore, ReadAllOptions, RecordedEvent } from './event-store.port';
import { countEventsAfter } from './event-count';

/** A log whose positions are byte offsets, as KurrentDB's are: 100 bytes apart here. */
const offsetLog = (count: number) => {
  const events: RecordedEvent[] = Array.from({ length: count }, (_, i) => ({
    streamId: 'policy-rule-r',
    revision: BigInt(i),
    position: BigInt(1000 + i * 100),
    eventId: `e${i}`,
    type: 'T',
    data: {},
    metadata: {},
  }));
  return {
    positionsCountEvents: false,
    headPosition: async () => events.at(-1)?.position,
    readAll: async ({ fromPosition, limit = 1000 }: ReadAllOptions = {}) =>
      events.filter((event) => fromPosition === undefined || event.position > fromPosition).slice(0, limit),
  } as unknown as EventStore;
};

describe('countEventsAfter', () => {
  describe('when positions are byte offsets', () => {
    it('counts the events after the position, not the bytes', async () => {
      const store = offsetLog(25);
      expect(await countEventsAfter(store, undefined)).toEqual({ events: 25, capped: false });
      expect(await countEventsAfter(store, 1000n + 19n * 100n)).toEqual({ events: 5, capped: false });
      expect(await countEventsAfter(store, 1000n + 24n * 100n)).toEqual({ events: 0, capped: false });
    });

    it('stops at the cap and says so', async () => {
      expect(await countEventsAfter(offsetLog(2500), undefined, 1200)).toEqual({ events: 1200, capped: true });
    });
  });

  describe('when positions count events', () => {
    it('takes the difference from the head', async () => {
      const store = { positionsCountEvents: true, headPosition: async () => 40n } as unknown as EventStore;
      expect(await countEventsAfter(store, 15n)).toEqual({ events: 25, capped: false });
      expect(await countEventsAfter(store, undefined)).toEqual({ events: 40, capped: false });
    });
  });
});
