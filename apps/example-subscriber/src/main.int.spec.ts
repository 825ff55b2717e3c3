import { fold, ruleStreamName, toEnvelope } from '@policy/domain';
import { SqliteEventStore } from '@policy/event-store';
import { KafkaRelay, silentLogger } from '@policy/messaging';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBrokers, uniqueTopics } from '../../../libs/messaging/src/testing/kafka-env';
import { appendInterleaved, ruleIds } from '../../../libs/messaging/src/testing/rule-events';
import { waitFor } from '@policy/common/testing';
import { ExampleSubscriber, startExampleSubscriber } from './main';

const brokers = requireBrokers();

describe('the example subscriber', () => {
  const dir = mkdtempSync(join(tmpdir(), 'example-subscriber-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
  const topics = uniqueTopics('example');
  const relay = new KafkaRelay({ store, kafka: { brokers, clientId: 'example-int' }, topics });
  let example: ExampleSubscriber | undefined;

  afterAll(async () => {
    await example?.stop();
    await relay.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the same rules as the ledger, from the state topic and then the events that follow', async () => {
    relay.start();
    await appendInterleaved(store, { rules: 20, count: 200, prefix: 'ex' });
    await waitFor('the relay to publish the first events', async () => relay.status().checkpoint === (await store.headPosition()));

    example = await startExampleSubscriber(
      {
        KAFKA_BROKERS: brokers,
        PORT: 0,
        HOST: '127.0.0.1',
        KAFKA_TOPIC_RULE_EVENTS: topics.events,
        KAFKA_TOPIC_RULE_STATE: topics.state,
        START_FROM_STATE: true,
      },
      silentLogger,
    );
    expect(example.view.size).toBe(20);
    await appendInterleaved(store, { rules: 20, count: 60, prefix: 'ex' });

    const base = `http://127.0.0.1:${(example.server.address() as AddressInfo).port}`;
    const expected = await Promise.all(
      ruleIds('ex', 20).map(async (ruleId) => fold((await store.readStream(ruleStreamName(ruleId))).map(toEnvelope))),
    );
    await waitFor('the view to reach revision 12 of every rule', () => example!.view.list().every((rule) => rule.revision === 12), {
      detail: () => example!.subscriber.stats(),
    });
    const body = (await (await fetch(`${base}/rules`)).json()) as { rules: unknown[] };
    expect(body.rules).toEqual(JSON.parse(JSON.stringify(expected)));
    const health = (await (await fetch(`${base}/health`)).json()) as Record<string, number>;
    // The snapshot covered revisions 0-9: those events were skipped as already held.
    expect(health).toMatchObject({ rules: 20, applied: 60, gaps: 0, rejected: 0, duplicates: 200 });
    expect((await fetch(`${base}/rules/ex-0003`)).status).toBe(200);
    expect((await fetch(`${base}/rules/nope`)).status).toBe(404);
  });
});
