import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '@policy/domain';
import { EventStore, NewEvent, RecordedEvent } from '../event-store.port';

export interface ContractCapabilities {
  /** Positions count up by one with no holes (SQLite); KurrentDB's are log offsets. */
  readonly contiguousPositions: boolean;
}

export type StoreFactory = () => Promise<{ store: EventStore; cleanup?: () => Promise<void> }>;

const event = (type = 'Happened', data: unknown = {}): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { note: 'contract' },
});

/** Stream names inside the service's prefix, unique per test so suites can share a server. */
const stream = () => `policy-rule-contract-${randomUUID()}`;

const waitFor = async (condition: () => boolean, what: string, deadlineMs = 10_000): Promise<void> => {
  const until = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/**
 * The behaviour every EventStore adapter must have. One suite, run unchanged against each
 * adapter, so the service cannot tell which store it runs on.
 */
export const describeEventStoreContract = (name: string, factory: StoreFactory, capabilities: ContractCapabilities): void => {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    });
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    /** Events appended since `before`, in the store's order (other suites may share the log). */
    const since = async (before: bigint | undefined, streams: Set<string>): Promise<RecordedEvent[]> => {
      const seen: RecordedEvent[] = [];
      let from = before;
      for (;;) {
        const page = await store.readAll({ fromPosition: from, limit: 500 });
        if (page.length === 0) return seen.filter((e) => streams.has(e.streamId));
        seen.push(...page);
        from = page[page.length - 1].position;
      }
    };

    describe('when appending', () => {
      it('starts a new stream at revision 0 and reports its position', async () => {
        const id = stream();
        const result = await store.append(id, [event()], { expectedRevision: 'no-stream' });
        expect(result.nextRevision).toBe(0n);
        const [stored] = await store.readStream(id);
        expect(stored.position).toBe(result.position);
        expect(stored.revision).toBe(0n);
      });

      it('keeps the type, data and metadata it was given', async () => {
        const id = stream();
        const appended = event('RuleApproved', { reason: 'security review passed', n: 3, nested: { a: [1, 2] } });
        await store.append(id, [appended], { expectedRevision: 'any' });
        const [stored] = await store.readStream(id);
        expect(stored).toMatchObject({
          streamId: id,
          eventId: appended.eventId,
          type: 'RuleApproved',
          data: appended.data,
          metadata: appended.metadata,
        });
      });

      it('appends several events at consecutive revisions', async () => {
        const id = stream();
        await store.append(id, [event()], { expectedRevision: 'no-stream' });
        const result = await store.append(id, [event(), event()], { expectedRevision: 0n });
        expect(result.nextRevision).toBe(2n);
        expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it.each([
        ['no-stream on an existing stream', true, 'no-stream' as const],
        ['exists on a missing stream', false, 'exists' as const],
        ['a stale revision', true, 5n],
      ])('raises ConcurrencyError for %s, and appends nothing', async (_label, create, expected) => {
        const id = stream();
        if (create) await store.append(id, [event()], { expectedRevision: 'no-stream' });
        const before = (await store.readStream(id)).length;
        await expect(store.append(id, [event()], { expectedRevision: expected })).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(id)).toHaveLength(before);
      });

      it('lets exactly one of several writers expecting the same revision win', async () => {
        const id = stream();
        await store.append(id, [event()], { expectedRevision: 'no-stream' });
        const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => store.append(id, [event()], { expectedRevision: 0n })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(id)).toHaveLength(2);
      });
    });

    describe('when reading a stream', () => {
      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('reads a range, forwards and backwards', async () => {
        const id = stream();
        await store.append(
          id,
          [0, 1, 2, 3, 4].map((n) => event('Numbered', { n })),
          { expectedRevision: 'no-stream' },
        );
        const forwards = await store.readStream(id, { fromRevision: 1n, toRevision: 3n });
        expect(forwards.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
        const backwards = await store.readStream(id, { direction: 'backwards', maxCount: 2 });
        expect(backwards.map((e) => e.revision)).toEqual([4n, 3n]);
      });
    });

    describe('the global feed', () => {
      it('orders events by strictly increasing position, across streams', async () => {
        const before = await store.headPosition();
        const a = stream();
        const b = stream();
        await store.append(a, [event()], { expectedRevision: 'no-stream' });
        await store.append(b, [event(), event()], { expectedRevision: 'no-stream' });
        await store.append(a, [event()], { expectedRevision: 0n });
        const feed = await since(before, new Set([a, b]));
        expect(feed.map((e) => [e.streamId, e.revision])).toEqual([
          [a, 0n],
          [b, 0n],
          [b, 1n],
          [a, 1n],
        ]);
        for (let i = 1; i < feed.length; i++) expect(feed[i].position > feed[i - 1].position).toBe(true);
      });

      it('pages by position: fromPosition is exclusive', async () => {
        const before = await store.headPosition();
        const id = stream();
        await store.append(id, [event(), event(), event()], { expectedRevision: 'no-stream' });
        const [first, second] = await since(before, new Set([id]));
        const page = await store.readAll({ fromPosition: first.position, limit: 1 });
        expect(page[0].eventId).toBe(second.eventId);
      });

      it('keeps every event of concurrent appenders, each once, without holes', async () => {
        const before = await store.headPosition();
        const streams = Array.from({ length: 10 }, stream);
        const appendMany = async (id: string) => {
          for (let i = 0; i < 20; i++) {
            await store.append(id, [event('Numbered', { i })], { expectedRevision: i === 0 ? 'no-stream' : BigInt(i - 1) });
          }
        };
        await Promise.all(streams.map(appendMany));
        const feed = await since(before, new Set(streams));
        expect(feed).toHaveLength(200);
        expect(new Set(feed.map((e) => e.eventId)).size).toBe(200);
        for (const id of streams) {
          expect(feed.filter((e) => e.streamId === id).map((e) => Number(e.revision))).toEqual([...Array(20).keys()]);
        }
        if (capabilities.contiguousPositions) {
          const first = feed[0].position;
          expect(feed.map((e) => e.position)).toEqual(feed.map((_, i) => first + BigInt(i)));
        }
        expect((await store.headPosition())! >= feed[feed.length - 1].position).toBe(true);
      });
    });

    describe('a subscription', () => {
      it('delivers every event exactly once, in order, across catch-up and live', async () => {
        const before = await store.headPosition();
        const id = stream();
        await store.append(
          id,
          Array.from({ length: 30 }, () => event()),
          { expectedRevision: 'no-stream' },
        );
        const received: RecordedEvent[] = [];
        let caughtUp = 0;
        const subscription = store.subscribe({
          fromPosition: before,
          onEvent: (e) => {
            if (e.streamId === id) received.push(e);
          },
          onCaughtUp: () => {
            caughtUp++;
          },
        });
        await waitFor(() => received.length === 30 && caughtUp > 0, 'catch-up');
        // Live: appends while the subscriber is waiting, some of them concurrent.
        for (let i = 0; i < 5; i++) {
          await Promise.all([store.append(id, [event(), event()], { expectedRevision: BigInt(29 + 2 * i) })]);
        }
        await Promise.all(Array.from({ length: 10 }, () => store.append(stream(), [event()], { expectedRevision: 'no-stream' })));
        await store.append(id, [event()], { expectedRevision: 39n });
        await waitFor(() => received.length === 41, 'live events');
        await subscription.close();
        expect(received.map((e) => Number(e.revision))).toEqual([...Array(41).keys()]);
        expect(new Set(received.map((e) => e.eventId)).size).toBe(41);
      });

      it('stops delivering after close', async () => {
        const id = stream();
        const received: RecordedEvent[] = [];
        const head = await store.headPosition();
        const subscription = store.subscribe({ fromPosition: head, onEvent: (e) => void received.push(e) });
        await store.append(id, [event()], { expectedRevision: 'no-stream' });
        await waitFor(() => received.some((e) => e.streamId === id), 'first event');
        await subscription.close();
        await store.append(id, [event()], { expectedRevision: 0n });
        const after = received.length;
        await store.readAll({ fromPosition: head }); // let any stray delivery run
        expect(received.length).toBe(after);
        await expect(subscription.done).resolves.toBeUndefined();
      });

      it('reports a failing handler through onError and done, and stops', async () => {
        const id = stream();
        const head = await store.headPosition();
        await store.append(id, [event()], { expectedRevision: 'no-stream' });
        const errors: unknown[] = [];
        const subscription = store.subscribe({
          fromPosition: head,
          onEvent: () => {
            throw new Error('handler broke');
          },
          onError: (error) => void errors.push(error),
        });
        await expect(subscription.done).rejects.toThrow('handler broke');
        expect(errors).toHaveLength(1);
        await subscription.close();
      });
    });

    describe('checkpoints', () => {
      it('stores and reloads a named position', async () => {
        const name = `contract-${randomUUID()}`;
        expect(await store.checkpoints.load(name)).toBeUndefined();
        await store.checkpoints.save(name, 42n);
        await store.checkpoints.save(name, 43n);
        expect(await store.checkpoints.load(name)).toBe(43n);
      });
    });
  });
};
