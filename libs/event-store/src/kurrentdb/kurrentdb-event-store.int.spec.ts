import { randomUUID } from 'node:crypto';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * The shared contract, run against a real KurrentDB. There is no embedded server, so it runs
 * only where one is reachable, e.g. `docker compose up -d kurrentdb` and then
 * KURRENTDB_CONNECTION_STRING='kurrentdb://localhost:2113?tls=false' npx jest kurrentdb-event-store
 * Tests share the server's log: each uses fresh `policy-rule-<uuid>` streams and reads the feed
 * from the head position it saw before it started, never from 0.
 */
const connectionString = process.env.KURRENTDB_CONNECTION_STRING;

const ruleStream = () => `policy-rule-${randomUUID()}`;
const event = (n: number): NewEvent => ({ eventId: randomUUID(), type: 'Numbered', data: { n }, metadata: {} });

if (connectionString === undefined || connectionString === '') {
  describe('KurrentDbEventStore against a server', () => {
    console.warn(
      'KurrentDB contract suite skipped: KURRENTDB_CONNECTION_STRING is not set ' +
        "(e.g. KURRENTDB_CONNECTION_STRING='kurrentdb://localhost:2113?tls=false' after `docker compose up -d kurrentdb`)",
    );
    it.skip('runs the EventStore contract against KurrentDB: skipped, KURRENTDB_CONNECTION_STRING is not set', () => undefined);
  });
} else {
  describeEventStoreContract('KurrentDB', async () => ({ store: KurrentDbEventStore.fromConnectionString(connectionString) }), {
    contiguousPositions: false,
  });

  describe('KurrentDbEventStore, what only KurrentDB needs checked', () => {
    let client: KurrentDBClient;
    let store: KurrentDbEventStore;

    beforeAll(() => {
      client = KurrentDBClient.connectionString(connectionString);
      store = new KurrentDbEventStore(client);
    });
    afterAll(async () => {
      await store.close();
    });

    it('gives each event of one append its own position, with commit equal to prepare', async () => {
      const id = ruleStream();
      const result = await store.append(id, [event(0), event(1), event(2)], { expectedRevision: 'no-stream' });
      const raw = [];
      for await (const resolved of client.readStream(id)) raw.push(resolved.event!.position!);
      expect(raw).toHaveLength(3);
      for (const position of raw) expect(position.commit).toBe(position.prepare);
      expect(raw[0].commit < raw[1].commit && raw[1].commit < raw[2].commit).toBe(true);
      expect(result.position).toBe(raw[2].commit);
    });

    it('resumes a subscription from the middle of a multi-event append, right after that event', async () => {
      const id = ruleStream();
      await store.append(id, [event(0), event(1), event(2)], { expectedRevision: 'no-stream' });
      const [first] = await store.readStream(id, { maxCount: 1 });
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribe({
        fromPosition: first.position,
        onEvent: (e) => {
          if (e.streamId === id) seen.push(e);
        },
      });
      const deadline = Date.now() + 10_000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await subscription.close();
      expect(seen.map((e) => e.revision)).toEqual([1n, 2n]);
    });

    it('leaves checkpoint streams out of the feed and keeps only the latest checkpoint', async () => {
      const before = await store.headPosition();
      const name = `int-${randomUUID()}`;
      await store.checkpoints.save(name, 10n);
      await store.checkpoints.save(name, 11n);
      expect(await store.checkpoints.load(name)).toBe(11n);
      const feed = await store.readAll({ fromPosition: before });
      expect(feed.filter((e) => e.streamId.startsWith('policy-checkpoint-'))).toEqual([]);
      expect((await client.getStreamMetadata(`policy-checkpoint-${name}`)).metadata?.maxCount).toBe(1);
    });
  });
}
