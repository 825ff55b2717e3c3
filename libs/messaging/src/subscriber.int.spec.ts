import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { toEventMessage } from './cloud-event';
import { createKafka } from './kafka-client';
import { silentLogger } from './logger';
import { createRuleEventSubscriber, InvalidMessageError, RawMessage, RuleEventSubscriber, UnknownEventTypeError } from './subscriber';
import { requireBrokers, uniqueTopics } from './testing/kafka-env';
import { envelopeAt as envelope } from './testing/rule-events';
import { waitFor } from '@policy/common/testing';
import { ensureTopics } from './topics';

const brokers = requireBrokers();

describe('createRuleEventSubscriber against a real broker', () => {
  const kafka = createKafka({ brokers, clientId: 'subscriber-int' }, silentLogger);
  let producer: Producer;
  let subscriber: RuleEventSubscriber | undefined;

  beforeAll(async () => {
    producer = kafka.producer();
    await producer.connect();
  });

  afterEach(async () => {
    await subscriber?.stop();
    subscriber = undefined;
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  it('hands each event to its handler once, skips copies, and reports bad messages without stopping', async () => {
    const topic = uniqueTopics('subscriber').events;
    const admin = kafka.admin();
    await admin.connect();
    // One partition, so the bad messages sit between the good ones in a known order.
    await ensureTopics(admin, { partitions: 1, replicationFactor: 1 }, { events: topic, state: `${topic}.state` });
    await admin.disconnect();

    const proposed = envelope('sub-a', 0, 1);
    const approved = envelope('sub-a', 1, 2);
    const otherRule = envelope('sub-b', 0, 3);
    const unknown = { ...JSON.parse(toEventMessage(otherRule).value), type: 'policy.rule.split.v1' };
    const mislabelled = { ...JSON.parse(toEventMessage(otherRule).value), subject: 'sub-z' };
    await producer.send({
      topic,
      messages: [
        toEventMessage(proposed),
        toEventMessage(proposed),
        { key: 'sub-a', value: '{not json' },
        { key: 'sub-b', value: JSON.stringify(unknown) },
        { key: 'sub-b', value: JSON.stringify(mislabelled) },
        toEventMessage(approved),
        toEventMessage(otherRule),
        toEventMessage(approved),
      ],
    });

    const handled: string[] = [];
    const errors: { error: unknown; message: RawMessage }[] = [];
    let approvals = 0;
    subscriber = createRuleEventSubscriber({
      brokers,
      groupId: `subscriber-int-${randomUUID()}`,
      topic,
      fromBeginning: true,
      handlers: {
        RuleProposed: (event) => void handled.push(`${event.ruleId}@${event.revision} ${event.data.terms.title}`),
        RuleApproved: (event, context) => {
          approvals += 1;
          // The first attempt fails, as a downstream database might: the message must come again.
          if (approvals === 1) throw new Error('downstream unavailable');
          handled.push(`${event.ruleId}@${event.revision} approved (offset ${context.offset})`);
        },
      },
      onError: (error, message) => errors.push({ error, message }),
    });
    await subscriber.start();

    await waitFor('every message to be consumed', () => handled.length >= 3, { detail: () => ({ handled, errors: errors.length }) });
    expect(handled).toEqual(['sub-a@0 Rule sub-a', 'sub-a@1 approved (offset 5)', 'sub-b@0 Rule sub-b']);
    expect(errors.map(({ error, message }) => [(error as Error).constructor.name, message.offset])).toEqual([
      [InvalidMessageError.name, '2'],
      [UnknownEventTypeError.name, '3'],
      [InvalidMessageError.name, '4'],
      [Error.name, '5'],
    ]);
    expect((errors[1].error as UnknownEventTypeError).eventType).toBe('policy.rule.split.v1');
    expect(errors[2].error).toHaveProperty('message', expect.stringContaining('subject'));
    expect(subscriber.stats()).toEqual({ applied: 3, duplicates: 2, invalid: 2, unknownType: 1 });
  });
});
