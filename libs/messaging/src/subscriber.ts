import { RuleEventEnvelope, RuleEventType } from '@policy/domain';
import { Consumer, IHeaders, KafkaConfig, KafkaMessage } from 'kafkajs';
import { decodeEventMessage, RuleCloudEvent } from './cloud-event';
import { isDuplicate, memoryRevisionTracker, RevisionTracker } from './dedupe';
import { createKafka } from './kafka-client';
import { silentLogger, StructuredLogger } from './logger';
import { RULE_EVENTS_TOPIC } from './topics';

export type RuleEventOf<K extends RuleEventType> = Extract<RuleEventEnvelope, { type: K }>;

/** Where a delivered event came from, for logging and for consumers that track offsets. */
export interface DeliveryContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly cloudEvent: RuleCloudEvent;
}

export type RuleEventHandlers = {
  readonly [K in RuleEventType]?: (envelope: RuleEventOf<K>, context: DeliveryContext) => void | Promise<void>;
};

/** A message as received, for `onError`: enough to log it or park it in a dead-letter store. */
export interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A message that is not a valid rule event; skipped. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
  constructor(
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
  }
}

/** A well-formed event of a type this build does not know (a newer producer); skipped. */
export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';
  constructor(readonly eventType: string) {
    super(`unknown event type ${eventType}`);
  }
}

export interface RuleEventSubscriberOptions {
  readonly brokers: readonly string[];
  /** Consumers sharing a group id share the partitions (and the committed offsets). */
  readonly groupId: string;
  readonly clientId?: string;
  /** Where a group with no committed offsets starts: the first event ever (true) or new ones only. */
  readonly fromBeginning?: boolean;
  readonly handlers: RuleEventHandlers;
  /**
   * Told of every message not handed to a handler (InvalidMessageError, UnknownEventTypeError;
   * the message is skipped) and of every handler failure (the error as thrown; the message is
   * not skipped: kafkajs delivers it again, so a handler failing for good stalls its partition).
   */
  readonly onError: (error: unknown, message: RawMessage) => void;
  readonly topic?: string;
  /** Highest revision applied per rule; pass a durable one to dedupe across restarts. */
  readonly tracker?: RevisionTracker;
  readonly logger?: StructuredLogger;
  readonly kafkaConfig?: Partial<KafkaConfig>;
}

export interface SubscriberStats {
  /** Events handed to a handler (or with no handler registered for their type). */
  readonly applied: number;
  /** Copies dropped by the (ruleId, revision) dedupe. */
  readonly duplicates: number;
  readonly invalid: number;
  readonly unknownType: number;
}

export interface RuleEventSubscriber {
  /** Connects and starts consuming; resolves once consuming has started (group join is still under way). */
  start(): Promise<void>;
  /** Stops after the message in hand, committing what was handled. */
  stop(): Promise<void>;
  stats(): SubscriberStats;
}

/**
 * A typed consumer of `policy.rule-events.v1` for downstream systems. Each message is
 * validated (CloudEvent and envelope), copies are dropped by (ruleId, revision), and the
 * envelope goes to the handler for its type. Within a rule, handlers see revisions in
 * increasing order, each once per process. Bad or unknown messages go to `onError`; they
 * never stop the consumer.
 */
export const createRuleEventSubscriber = (options: RuleEventSubscriberOptions): RuleEventSubscriber => {
  const logger = options.logger ?? silentLogger;
  const topic = options.topic ?? RULE_EVENTS_TOPIC;
  const tracker = options.tracker ?? memoryRevisionTracker();
  const kafka = createKafka({ brokers: options.brokers, clientId: options.clientId ?? options.groupId }, logger, options.kafkaConfig);
  const stats = { applied: 0, duplicates: 0, invalid: 0, unknownType: 0 };
  let consumer: Consumer | undefined;

  const handle = async (message: KafkaMessage, partition: number): Promise<void> => {
    const raw = toRaw(topic, partition, message);
    const decoded = decodeEventMessage(raw);
    if (!decoded.ok) {
      if (decoded.reason === 'unknown-type') {
        stats.unknownType += 1;
        options.onError(new UnknownEventTypeError(decoded.type), raw);
      } else {
        stats.invalid += 1;
        options.onError(new InvalidMessageError(decoded.message, decoded.issues), raw);
      }
      return;
    }
    const { envelope, event } = decoded;
    if (isDuplicate(tracker, envelope.ruleId, envelope.revision)) {
      stats.duplicates += 1;
      return;
    }
    try {
      await dispatch(options.handlers, envelope, { topic, partition, offset: message.offset, cloudEvent: event });
    } catch (error) {
      options.onError(error, raw);
      throw error;
    }
    tracker.record(envelope.ruleId, envelope.revision);
    stats.applied += 1;
  };

  return {
    async start() {
      if (consumer) return;
      // A fetch waits this long for new messages; stopping (or restarting after a handler
      // failure) waits for the fetch in flight, so kafkajs's 5 s default makes both slow.
      const created = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 1000 });
      consumer = created;
      try {
        await created.connect();
        await created.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
        await created.run({ eachMessage: ({ message, partition }) => handle(message, partition) });
      } catch (error) {
        consumer = undefined;
        await created.disconnect().catch(() => undefined);
        throw error;
      }
      logger.log({ event: 'subscriber.started', topic, groupId: options.groupId });
    },
    async stop() {
      const running = consumer;
      consumer = undefined;
      await running?.disconnect();
    },
    stats: () => ({ ...stats }),
  };
};

/** Narrows the handler to the envelope's own type: TypeScript cannot follow the correlation. */
const dispatch = async (handlers: RuleEventHandlers, envelope: RuleEventEnvelope, context: DeliveryContext): Promise<void> => {
  const handler = handlers[envelope.type] as ((envelope: RuleEventEnvelope, context: DeliveryContext) => void | Promise<void>) | undefined;
  await handler?.(envelope, context);
};

const toRaw = (topic: string, partition: number, message: KafkaMessage): RawMessage => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key?.toString('utf8') ?? null,
  value: message.value?.toString('utf8') ?? null,
  headers: headersOf(message.headers),
});

const headersOf = (headers: IHeaders | undefined): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.map(String).join(',') : value?.toString('utf8'),
    ]),
  );
