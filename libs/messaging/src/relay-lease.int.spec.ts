import { waitFor } from '@policy/common/testing';
import { SqliteEventStore } from '@policy/event-store';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from './kafka-client';
import { silentLogger } from './logger';
import { EventCollector } from './testing/collector';
import { requireBrokers, uniqueTopics } from './testing/kafka-env';
import { PUBLISHER, PublisherProcess } from './testing/publisher-process';
import { appendInterleaved, ruleIds } from './testing/rule-events';
import { ensureTopics } from './topics';

const brokers = requireBrokers();

/**
 * Two built publishers on one store and the real broker: the relay lease lets one publish while
 * the other stands by, and the standby takes over from the checkpoint when the leader is
 * SIGKILLed.
 */
describe('Two publishers on one store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-lease-'));
  const processes: PublisherProcess[] = [];
  let store: SqliteEventStore;
  let collector: EventCollector | undefined;

  beforeAll(() => {
    if (!existsSync(PUBLISHER)) throw new Error(`${PUBLISHER} does not exist: run npm run build first (npm test does)`);
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
  });

  afterAll(async () => {
    for (const child of processes) child.kill('SIGKILL');
    await collector?.stop();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when both run, and then the leader is SIGKILLed', () => {
    it('publishes everything once in steady state, and the standby takes over with nothing lost', async () => {
      const topics = uniqueTopics('lease');
      const admin = createKafka({ brokers, clientId: 'lease-test' }, silentLogger).admin();
      await admin.connect();
      await ensureTopics(admin, { partitions: 3, replicationFactor: 1 }, topics);
      await admin.disconnect();
      collector = new EventCollector(brokers, topics.events, `lease-collector-${topics.events}`);
      await collector.start();
      const env = {
        KAFKA_BROKERS: brokers.join(','),
        POLICY_DATA_DIR: dir,
        KAFKA_TOPIC_RULE_EVENTS: topics.events,
        KAFKA_TOPIC_RULE_STATE: topics.state,
        KAFKA_RELAY_LEASE_MS: '2000',
        KAFKA_RELAY_BATCH_SIZE: '50',
      };
      const first = new PublisherProcess(env);
      const second = new PublisherProcess(env);
      processes.push(first, second);
      await waitFor(
        'one publisher to lead and the other to stand by',
        async () => {
          const leaders = [first, second].filter((p) => p.named('relay.lease-acquired').length > 0);
          const standbys = [first, second].filter((p) => p.named('relay.standby').length > 0);
          return leaders.length === 1 && standbys.length === 1;
        },
        { detail: () => [first.recent(), second.recent()] },
      );
      const leader = first.named('relay.lease-acquired').length > 0 ? first : second;
      const standby = leader === first ? second : first;

      await appendInterleaved(store, { rules: 50, count: 2000, prefix: 'lease' });
      await waitFor('2,000 events at the subscriber', () => collector!.applied >= 2000, {
        timeoutMs: 30_000,
        detail: () => collector!.stats(),
      });
      // Steady state: one publisher, so not one copy.
      expect(collector.stats().duplicates).toBe(0);
      expect(standby.named('relay.lease-acquired')).toEqual([]);

      leader.kill('SIGKILL');
      expect(await leader.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await appendInterleaved(store, { rules: 50, count: 1000, prefix: 'lease' });
      await waitFor('all 3,000 events at the subscriber after the takeover', () => collector!.applied >= 3000, {
        timeoutMs: 30_000,
        detail: () => collector!.stats(),
      });
      const [takeover] = standby.named('relay.lease-acquired');
      const [led] = leader.named('relay.lease-acquired');
      expect(takeover).toMatchObject({ from: led.owner });
      expect((takeover.token as number) > (led.token as number)).toBe(true);
      expect(collector.missing(new Map(ruleIds('lease', 50).map((ruleId) => [ruleId, 60])))).toEqual([]);
      expect(collector.violations).toEqual([]);
      expect(collector.errors).toEqual([]);
      process.stdout.write(`relay lease: takeover after SIGKILL; ${collector.stats().duplicates} duplicates dropped by the subscriber\n`);

      standby.kill('SIGTERM');
      expect(await standby.exited).toEqual({ code: 0, signal: null });
      expect(standby.named('relay.lease-released')).toHaveLength(1);
    });
  });
});
