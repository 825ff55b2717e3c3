import { SqliteEventStore } from '@policy/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaRelay } from './relay';
import { EventCollector } from './testing/collector';
import { uniqueTopics } from './testing/kafka-env';
import { MemoryLogger } from './testing/memory-logger';
import { PrivateBroker } from './testing/private-broker';
import { appendInterleaved, ruleIds } from './testing/rule-events';
import { waitFor } from '@policy/common/testing';

/**
 * Stops the broker mid-run. It needs a broker of its own (the shared one serves other test
 * files), started and stopped through the infra script on one state dir and port.
 */
describe('KafkaRelay while the broker is down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-outage-'));
  const broker = new PrivateBroker(join(dir, 'kafka'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
  const logger = new MemoryLogger();
  let relay: KafkaRelay | undefined;
  let collector: EventCollector | undefined;

  afterAll(async () => {
    await collector?.stop().catch(() => undefined);
    await relay?.stop();
    await broker.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('backs off while it is down, then publishes the backlog: nothing lost or reordered', async () => {
    const brokers = [await broker.start()];
    const topics = uniqueTopics('outage');
    relay = new KafkaRelay({ store, kafka: { brokers, clientId: 'relay-outage' }, topics, logger });
    relay.start();
    await waitFor('the relay to create its topics and connect', () => relay!.status().connected);
    collector = new EventCollector(brokers, topics.events, 'outage-collector');
    await collector.start();

    await appendInterleaved(store, { rules: 50, count: 1000, prefix: 'out' });
    await waitFor('the first 1,000 events at the subscriber', () => collector!.applied >= 1000, { timeoutMs: 30_000 });

    await broker.stop();
    await appendInterleaved(store, { rules: 50, count: 1000, prefix: 'out' });
    await waitFor('three retries', () => logger.named('relay.retry').length >= 3, {
      timeoutMs: 20_000,
      detail: () => relay!.status(),
    });
    expect(relay.status()).toMatchObject({ running: true, connected: false, checkpoint: 1000n });
    expect(relay.status().lastError).toEqual(expect.any(String));
    const lag = await relay.lag();
    expect(lag.events).toBe(1000);
    expect(lag.seconds).toBeGreaterThan(0);

    await broker.start();
    await appendInterleaved(store, { rules: 50, count: 500, prefix: 'out' });
    await waitFor('all 2,500 events at the subscriber', () => collector!.applied >= 2500, {
      timeoutMs: 40_000,
      detail: () => ({ applied: collector!.applied, relay: relay!.status() }),
    });

    expect(collector.missing(new Map(ruleIds('out', 50).map((ruleId) => [ruleId, 50])))).toEqual([]);
    expect(collector.violations).toEqual([]);
    expect(collector.applied).toBe(2500);
    // The subscriber may see a batch a moment before the relay has checkpointed it.
    await waitFor('the checkpoint to reach the head', () => relay!.status().checkpoint === 2500n);
    expect(relay.status()).toMatchObject({ connected: true, checkpoint: 2500n, lastError: undefined, consecutiveFailures: 0 });

    // The outage, up to the first recovery: one retry line per attempt, each delay double the
    // last, capped at 5 s. (A blip right after the restart, e.g. while partition leaders are
    // elected, would start a new streak after it.)
    const recovered = logger.entries.findIndex((entry) => entry.event === 'relay.recovered');
    expect(recovered).toBeGreaterThan(0);
    const outage = logger.entries.slice(0, recovered);
    const retries = outage.filter((entry) => entry.event === 'relay.retry');
    expect(retries.length).toBeGreaterThanOrEqual(3);
    retries.forEach((entry, i) =>
      expect(entry).toMatchObject({
        level: 'warn',
        attempt: i + 1,
        delayMs: Math.min(5000, 100 * 2 ** i),
        position: 1000,
        error: expect.any(String),
      }),
    );
  }, 90_000);
});
