import { randomUUID } from 'node:crypto';
import { KafkaConfig } from 'kafkajs';
import { createKafka } from './kafka-client';
import { silentLogger, StructuredLogger } from './logger';
import { decodeStateMessage, RuleStateMessage } from './rule-state-message';
import { RawMessage } from './subscriber';
import { fetchTopicOffsets } from './topic-offsets';
import { RULE_STATE_TOPIC } from './topics';

export interface RuleStateSnapshotOptions {
  readonly brokers: readonly string[];
  readonly topic?: string;
  readonly clientId?: string;
  /** Give up (and reject) if the topic cannot be read to its end within this time. */
  readonly timeoutMs?: number;
  /** Told of each message that is not a valid state message; without it such a message rejects the read. */
  readonly onError?: (error: Error, message: RawMessage) => void;
  readonly logger?: StructuredLogger;
  readonly kafkaConfig?: Partial<KafkaConfig>;
}

/**
 * The current state of every rule, read from the compacted state topic: it reads each
 * partition from its start to the high watermark taken when called, then stops. Per rule it
 * keeps the message with the highest revision (not simply the last one; see RuleStateMessage).
 * A subscriber can start from this and then follow the events topic, dropping revisions it
 * already has, instead of replaying every event.
 *
 * It joins a throwaway consumer group and commits nothing, so it leaves no offsets behind.
 */
export const readRuleStateSnapshot = async (options: RuleStateSnapshotOptions): Promise<Map<string, RuleStateMessage>> => {
  const topic = options.topic ?? RULE_STATE_TOPIC;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const logger = options.logger ?? silentLogger;
  const kafka = createKafka(
    { brokers: options.brokers, clientId: options.clientId ?? 'policy-ledger-state-snapshot' },
    logger,
    options.kafkaConfig,
  );
  const rules = new Map<string, RuleStateMessage>();

  const admin = kafka.admin();
  await admin.connect();
  let offsets;
  try {
    offsets = await fetchTopicOffsets(admin, topic, timeoutMs);
  } finally {
    await admin.disconnect();
  }
  /** Partition -> offset of its last message when the read began: done once that is read. */
  const remaining = new Map(
    offsets.filter(({ high, low }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high) - 1n]),
  );
  if (remaining.size === 0) return rules;

  const consumer = kafka.consumer({ groupId: `policy-ledger-state-snapshot-${randomUUID()}`, maxWaitTimeInMs: 500 });
  let finish!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  // Settled early (a timeout while still connecting) it must not count as unhandled.
  finished.catch(() => undefined);
  const timer = setTimeout(
    () =>
      finish(
        new Error(`state topic ${topic} not read to its end within ${timeoutMs} ms (partitions left: ${[...remaining.keys()].join(', ')})`),
      ),
    timeoutMs,
  );
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8') ?? null;
        const value = message.value?.toString('utf8') ?? null;
        const decoded = decodeStateMessage({ key, value });
        if (decoded.ok) {
          const known = rules.get(decoded.message.ruleId);
          if (!known || decoded.message.revision > known.revision) rules.set(decoded.message.ruleId, decoded.message);
        } else {
          const error = new Error(`invalid state message at ${topic}/${partition}@${message.offset}: ${decoded.message}`);
          if (!options.onError) return finish(error);
          options.onError(error, { topic, partition, offset: message.offset, key, value, headers: {} });
        }
        const last = remaining.get(partition);
        if (last !== undefined && BigInt(message.offset) >= last) remaining.delete(partition);
        if (remaining.size === 0) finish();
      },
    });
    await finished;
    return rules;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
};
