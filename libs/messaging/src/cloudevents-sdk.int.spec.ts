import { waitFor } from '@policy/common/testing';
import { SqliteEventStore } from '@policy/event-store';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CloudEvent, HTTP, Kafka, KafkaMessage as CloudKafkaMessage } from 'cloudevents';
import { KafkaMessage } from 'kafkajs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULE_EVENT_DATA_SCHEMA_ID } from './cloud-event';
import { createKafka } from './kafka-client';
import { KafkaRelay } from './relay';
import { requireBrokers, uniqueTopics } from './testing/kafka-env';
import { MemoryLogger } from './testing/memory-logger';
import { appendInterleaved } from './testing/rule-events';

const brokers = requireBrokers();
const SCHEMAS_DIR = join(__dirname, '..', '..', '..', 'schemas');

/** The shipped schemas by their `$id`, as a consumer resolving `dataschema` would find them. */
const shippedSchemas = (): Map<string, object> =>
  new Map(
    readdirSync(SCHEMAS_DIR)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(SCHEMAS_DIR, name), 'utf8')) as { $id: string })
      .map((schema) => [schema.$id, schema]),
  );

const stringHeaders = (message: KafkaMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));

/** A message as read by kafkajs, in the shape the SDK's Kafka binding reads. */
const asCloudKafka = (message: KafkaMessage): CloudKafkaMessage<string> => ({
  headers: stringHeaders(message),
  key: message.key?.toString() ?? '',
  value: message.value?.toString() ?? '',
  body: undefined,
});

describe('rule events read by the official CloudEvents SDK', () => {
  let dir: string;
  let store: SqliteEventStore;
  let relay: KafkaRelay;
  const messages: KafkaMessage[] = [];
  const consumer = createKafka({ brokers, clientId: 'cloudevents-int' }, new MemoryLogger()).consumer({ groupId: `ce-${Date.now()}` });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cloudevents-int-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    const topics = uniqueTopics('cloudevents');
    relay = new KafkaRelay({ store, kafka: { brokers, clientId: 'cloudevents-relay' }, topics, logger: new MemoryLogger() });
    relay.start();
    // Two rules, six events each: proposed, paused, approved and amended are among them (test rules are never rescinded).
    await appendInterleaved(store, { rules: 2, count: 12, prefix: 'ce' });
    await waitFor('the relay to publish all 12 events', async () => (await relay.lag()).events === 0 && relay.status().connected);
    await consumer.connect();
    await consumer.subscribe({ topic: topics.events, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor('12 messages read back', () => messages.length >= 12, { detail: () => ({ read: messages.length }) });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await relay.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const validatorOf = (schemaId: string | undefined) => {
    const schema = shippedSchemas().get(schemaId ?? '');
    if (!schema) throw new Error(`no shipped schema has the $id ${schemaId}`);
    return addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(schema);
  };
  const validateData = (event: CloudEvent<unknown>) => {
    const validate = validatorOf(event.dataschema);
    return { valid: validate(event.data), errors: validate.errors };
  };

  it('parses every message with the Kafka binding, and its data validates against the schema dataschema names', () => {
    const events = messages.map((message) => Kafka.toEvent(asCloudKafka(message))) as CloudEvent<{ ruleId: string; type: string }>[];

    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set(['policy.rule.proposed.v1', 'policy.rule.paused.v1', 'policy.rule.approved.v1', 'policy.rule.amended.v1']),
    );
    for (const event of events) {
      expect(event.specversion).toBe('1.0');
      expect(event.subject).toBe(event.data?.ruleId);
      expect(validateData(event)).toEqual({ valid: true, errors: null });
    }
  });

  it('parses every message with the HTTP binding, given the Kafka content type as the request header', () => {
    for (const message of messages) {
      const headers = stringHeaders(message);
      const event = HTTP.toEvent({
        headers: { 'content-type': headers['content-type'] },
        body: message.value?.toString(),
      }) as CloudEvent<unknown>;

      expect(event.id).toBe(headers.ce_id);
      expect(validateData(event)).toEqual({ valid: true, errors: null });
    }
  });

  it('names in dataschema the schema of data, which the whole message does not match', () => {
    const [first] = messages;
    const event = Kafka.toEvent(asCloudKafka(first));

    expect(stringHeaders(first)['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect((event as CloudEvent<unknown>).dataschema).toBe(RULE_EVENT_DATA_SCHEMA_ID);
    expect(validatorOf(RULE_EVENT_DATA_SCHEMA_ID)(JSON.parse(first.value!.toString()))).toBe(false);
  });
});
