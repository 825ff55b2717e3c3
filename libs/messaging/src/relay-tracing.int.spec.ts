import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { waitFor } from '@policy/common/testing';
import { ruleStreamName } from '@policy/domain';
import { SqliteEventStore } from '@policy/event-store';
import { KafkaMessage } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from './kafka-client';
import { KafkaRelay } from './relay';
import { requireBrokers, uniqueTopics } from './testing/kafka-env';
import { MemoryLogger } from './testing/memory-logger';
import { ruleEventAt, storedEvent } from './testing/rule-events';

const brokers = requireBrokers();
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('the relay and traces', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let dir: string;
  let store: SqliteEventStore;
  let relay: KafkaRelay;
  const messages: KafkaMessage[] = [];
  const consumer = createKafka({ brokers, clientId: 'relay-tracing-int' }, new MemoryLogger()).consumer({ groupId: `trace-${Date.now()}` });

  beforeAll(async () => {
    provider.register();
    dir = mkdtempSync(join(tmpdir(), 'relay-tracing-int-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    const traced = storedEvent(ruleEventAt('traced', 0));
    await store.append(ruleStreamName('traced'), [{ ...traced, metadata: { ...(traced.metadata as object), traceparent: TRACEPARENT } }], {
      expectedRevision: 'no-stream',
    });
    await store.append(ruleStreamName('untraced'), [storedEvent(ruleEventAt('untraced', 0))], { expectedRevision: 'no-stream' });
    const topics = uniqueTopics('tracing');
    relay = new KafkaRelay({ store, kafka: { brokers, clientId: 'relay-tracing' }, topics, logger: new MemoryLogger() });
    relay.start();
    await waitFor('the relay to publish both events', async () => (await relay.lag()).events === 0 && relay.status().connected);
    await consumer.connect();
    await consumer.subscribe({ topic: topics.events, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor('both messages read back', () => messages.length >= 2, {
      detail: () => ({ read: messages.length, relay: relay.status() }),
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await relay.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it("sends an event's traceparent as a Kafka header, and none for an event recorded without one", () => {
    const byKey = new Map(messages.map((message) => [message.key?.toString(), message.headers ?? {}]));

    expect(byKey.get('traced')?.traceparent?.toString()).toBe(TRACEPARENT);
    expect(byKey.get('untraced')).not.toHaveProperty('traceparent');
  });

  it('traces each batch it publishes, linked to the traces of its events', () => {
    const batches = exporter.getFinishedSpans().filter((span) => span.name === 'relay.batch');

    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.flatMap((span) => span.links.map((link) => link.context.traceId))).toContain('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(batches.reduce((sum, span) => sum + Number(span.attributes['messaging.batch.message_count']), 0)).toBe(2);
  });
});
