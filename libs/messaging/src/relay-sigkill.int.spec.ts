import { SqliteEventStore } from '@policy/event-store';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from './kafka-client';
import { silentLogger } from './logger';
import { DEFAULT_RELAY_CHECKPOINT } from './relay-lag';
import { EventCollector } from './testing/collector';
import { requireBrokers, uniqueTopics } from './testing/kafka-env';
import { appendInterleaved, ruleIds } from './testing/rule-events';
import { waitFor } from '@policy/common/testing';
import { ensureTopics } from './topics';
import { PUBLISHER, PublisherProcess } from './testing/publisher-process';

const brokers = requireBrokers();
describe('the publisher process killed mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-kill-'));
  const processes: PublisherProcess[] = [];
  let store: SqliteEventStore;
  let collector: EventCollector | undefined;

  beforeAll(() => {
    if (!existsSync(PUBLISHER)) {
      throw new Error(`${PUBLISHER} does not exist: run npm run build first (npm test does); this test runs the built publisher`);
    }
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
  });

  afterAll(async () => {
    for (const child of processes) child.kill('SIGKILL');
    await collector?.stop();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes from its checkpoint after each SIGKILL: duplicates allowed, no gaps', async () => {
    const topics = uniqueTopics('kill');
    const admin = createKafka({ brokers, clientId: 'kill-test' }, silentLogger).admin();
    await admin.connect();
    await ensureTopics(admin, { partitions: 3, replicationFactor: 1 }, topics);
    await admin.disconnect();
    collector = new EventCollector(brokers, topics.events, `kill-collector-${topics.events}`);
    await collector.start();

    const env = {
      KAFKA_BROKERS: brokers.join(','),
      POLICY_DATA_DIR: dir,
      KAFKA_TOPIC_RULE_EVENTS: topics.events,
      KAFKA_TOPIC_RULE_STATE: topics.state,
      // Small batches, each checkpointed with an fsync: a kill easily lands after a batch is
      // on Kafka and before its checkpoint, which is the case that makes duplicates.
      KAFKA_RELAY_BATCH_SIZE: '50',
      POLICY_SQLITE_SYNC: 'FULL',
      // Each new publisher waits for the killed one's relay lease to run out before it takes over.
      KAFKA_RELAY_LEASE_MS: '1000',
    };
    const checkpoint = async () => Number((await store.checkpoints.load(DEFAULT_RELAY_CHECKPOINT)) ?? 0n);
    await appendInterleaved(store, { rules: 100, count: 6000, prefix: 'kill' });

    const kills: { checkpoint: number; kafkaAhead: boolean }[] = [];
    for (let round = 0; round < 3; round++) {
      const publisher = new PublisherProcess(env);
      processes.push(publisher);
      const from = await checkpoint();
      // Kill once Kafka holds an event the checkpoint does not cover yet (sent, not
      // checkpointed), or failing that once it has made some progress.
      await waitFor(
        'the publisher to get ahead of its checkpoint',
        async () => {
          const saved = await checkpoint();
          return (saved >= from + 300 && collector!.maxPosition > saved) || saved >= from + 1500;
        },
        { intervalMs: 1, timeoutMs: 30_000 },
      );
      publisher.kill('SIGKILL');
      const atKill = await checkpoint();
      kills.push({ checkpoint: atKill, kafkaAhead: collector.maxPosition > atKill });
      expect(await publisher.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(publisher.named('relay.reading')[0]).toMatchObject({ checkpoint: from === 0 ? null : from });
    }
    // Otherwise the kills came too late to test anything.
    expect(kills[kills.length - 1].checkpoint).toBeLessThan(6000);

    await appendInterleaved(store, { rules: 100, count: 1000, prefix: 'kill' });
    const last = new PublisherProcess(env);
    processes.push(last);
    await waitFor('all 7,000 events at the subscriber', () => collector!.applied >= 7000, {
      timeoutMs: 30_000,
      detail: () => collector!.stats(),
    });
    expect(last.named('relay.reading')[0]).toMatchObject({ checkpoint: kills[kills.length - 1].checkpoint });
    expect(collector.missing(new Map(ruleIds('kill', 100).map((ruleId) => [ruleId, 70])))).toEqual([]);
    expect(collector.violations).toEqual([]);
    expect(collector.errors).toEqual([]);
    process.stdout.write(
      `SIGKILL runs: killed at ${JSON.stringify(kills)}; ${collector.stats().duplicates} duplicates dropped by the subscriber\n`,
    );

    await waitFor('the last publisher to checkpoint everything', async () => (await checkpoint()) === 7000);
    last.kill('SIGTERM');
    expect(await last.exited).toEqual({ code: 0, signal: null });
    expect(last.named('relay.stopped')).toEqual([expect.objectContaining({ checkpoint: 7000 })]);
  });
});
