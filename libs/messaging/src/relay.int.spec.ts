import { CATALOGUE_STREAM, evaluationRecorded, evaluationStreamName, fold, ruleStreamName, toEnvelope } from '@policy/domain';
import { SqliteEventStore } from '@policy/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from './kafka-client';
import { KafkaRelay } from './relay';
import { readRuleStateSnapshot } from './rule-state-snapshot';
import { fetchTopicOffsets } from './topic-offsets';
import { EventCollector } from './testing/collector';
import { requireBrokers, uniqueTopics } from './testing/kafka-env';
import { MemoryLogger } from './testing/memory-logger';
import { appendInterleaved, ruleEventAt, ruleIds, storedEvent } from './testing/rule-events';
import { waitFor } from '@policy/common/testing';

const brokers = requireBrokers();

describe('KafkaRelay against a real broker', () => {
  let dir: string;
  let store: SqliteEventStore;
  const running: { stop(): Promise<void> }[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relay-int-'));
    // NORMAL: a test that appends 10,000 events one by one should not wait on 10,000 fsyncs.
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
  });

  afterEach(async () => {
    for (const part of running.splice(0).reverse()) await part.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const startRelay = (topics: ReturnType<typeof uniqueTopics>, logger = new MemoryLogger()) => {
    const relay = new KafkaRelay({ store, kafka: { brokers, clientId: 'relay-int' }, topics, logger });
    relay.start();
    running.push(relay);
    return relay;
  };

  const startCollector = async (topic: string) => {
    const collector = new EventCollector(brokers, topic, `collector-${topic}`);
    await collector.start();
    running.push(collector);
    return collector;
  };

  it('delivers every event of a 10,000-event run once after dedupe, in order per rule', async () => {
    const topics = uniqueTopics('10k');
    const rules = 200;
    const total = 10_000;
    const relay = startRelay(topics);
    await waitFor('the relay to create its topics and connect', () => relay.status().connected);
    const collector = await startCollector(topics.events);

    const started = Date.now();
    await appendInterleaved(store, { rules, count: total, prefix: 'r10k' });
    const appended = Date.now();
    await waitFor('all 10,000 events at the subscriber', () => collector.applied >= total, {
      timeoutMs: 45_000,
      detail: () => ({ applied: collector.applied, relay: relay.status() }),
    });
    const received = Date.now();

    const expected = new Map(ruleIds('r10k', rules).map((ruleId) => [ruleId, total / rules]));
    expect(collector.missing(expected)).toEqual([]);
    expect(collector.violations).toEqual([]);
    expect(collector.errors).toEqual([]);
    expect(collector.applied).toBe(total);
    // The subscriber may see a batch a moment before the relay has checkpointed it.
    await waitFor('the lag to read zero', async () => (await relay.lag()).events === 0);
    expect(relay.status()).toMatchObject({ running: true, connected: true, checkpoint: await store.headPosition(), lastError: undefined });
    expect(await relay.lag()).toEqual({ events: 0, seconds: 0 });
    process.stdout.write(
      `10k run: appended in ${appended - started} ms, all received ${received - started} ms after the first append ` +
        `(${Math.round(total / ((received - started) / 1000))} events/s end to end; duplicates: ${collector.stats().duplicates})\n`,
    );
  });

  it('publishes to the compacted topic the full state of every rule, also after a restart from the checkpoint', async () => {
    const topics = uniqueTopics('state');
    const first = startRelay(topics);
    await appendInterleaved(store, { rules: 30, count: 300, prefix: 'rs' });
    await waitFor('the first relay to publish everything', async () => first.status().checkpoint === (await store.headPosition()));
    await first.stop();

    // A new relay starts with an empty state cache: its first event of each rule is at
    // revision 10 or more, so it must fold the rule's history from the store, not from 0.
    await appendInterleaved(store, { rules: 30, count: 95, prefix: 'rs' });
    const second = startRelay(topics);
    await waitFor('the second relay to publish the rest', async () => second.status().checkpoint === (await store.headPosition()));

    const snapshot = await readRuleStateSnapshot({ brokers, topic: topics.state });
    expect([...snapshot.keys()].sort()).toEqual(ruleIds('rs', 30));
    for (const [ruleId, message] of snapshot) {
      const events = (await store.readStream(ruleStreamName(ruleId))).map(toEnvelope);
      expect(message.state).toEqual(fold(events));
      expect(message.position).toBe(events[events.length - 1].position);
    }
  });

  it('reads an empty state topic as no rules', async () => {
    const topics = uniqueTopics('empty');
    const relay = startRelay(topics);
    await waitFor('the relay to create its topics', () => relay.status().connected);
    expect((await readRuleStateSnapshot({ brokers, topic: topics.state })).size).toBe(0);
  });

  it('publishes only rule events, passing over catalogue and evaluation events in the log', async () => {
    const topics = uniqueTopics('non-rule');
    const relay = startRelay(topics);
    const rule = (revision: number) =>
      store.append(ruleStreamName('nr-rule'), [storedEvent(ruleEventAt('nr-rule', revision))], {
        expectedRevision: revision === 0 ? 'no-stream' : BigInt(revision - 1),
      });
    const recordedAt = new Date().toISOString();
    await rule(0);
    await store.append(
      CATALOGUE_STREAM,
      [
        {
          eventId: randomUUID(),
          type: 'ProductClassified',
          data: { vendor: 'NVIDIA', product: 'B200', family: 'Blackwell', effectiveAt: '2024-01-01T00:00:00.000Z', recordedAt },
          metadata: { schemaVersion: 1, effectiveAt: '2024-01-01T00:00:00.000Z', recordedAt, actor: 'key:test-admin', correlationId: 'c' },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    const evaluationId = randomUUID();
    const { type, ...data } = evaluationRecorded({
      evaluationId,
      question: {
        at: '2025-12-09T00:00:00.000Z',
        knownAt: recordedAt,
        lines: [{ lineId: '1', vendor: 'NVIDIA', product: 'B200', destination: { country: 'CN' } }],
      },
      answer: {
        at: '2025-12-09T00:00:00.000Z',
        knownAt: recordedAt,
        position: 2,
        lines: [{ lineId: '1', verdict: 'not-covered', jurisdictions: [], rules: [], pending: [] }],
      },
      actor: 'key:test-reader',
      correlationId: 'c',
      recordedAt,
    });
    await store.append(
      evaluationStreamName(evaluationId),
      [{ eventId: randomUUID(), type, data, metadata: { schemaVersion: 1, recordedAt, actor: 'key:test-reader', correlationId: 'c' } }],
      { expectedRevision: 'no-stream' },
    );
    const head = await rule(1);

    await waitFor('the relay to pass the whole log', () => relay.status().checkpoint === head.position, {
      detail: () => relay.status(),
    });

    expect(relay.status().lastError).toBeUndefined();
    expect(await relay.lag()).toEqual({ events: 0, seconds: 0 });
    // Exactly the two rule events are on the event topic, and only the rule on the state topic.
    const admin = createKafka({ brokers, clientId: 'relay-int-offsets' }, new MemoryLogger()).admin();
    await admin.connect();
    try {
      const offsets = await fetchTopicOffsets(admin, topics.events);
      expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(2);
    } finally {
      await admin.disconnect();
    }
    expect([...(await readRuleStateSnapshot({ brokers, topic: topics.state })).keys()]).toEqual(['nr-rule']);
    const collector = await startCollector(topics.events);
    await waitFor('both rule events at the subscriber', () => collector.applied >= 2);
    expect(collector.revisions.get('nr-rule')).toEqual([0, 1]);
    expect(collector.stats()).toMatchObject({ invalid: 0, unknownType: 0 });
  });
});
