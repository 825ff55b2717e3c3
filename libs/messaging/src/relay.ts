import { Link, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { backoffDelay, inSpan, sleep, traceparentOf } from '@policy/common';
import { RuleEventEnvelope, ruleStreamName, toEnvelope } from '@policy/domain';
import { EventStore, RecordedEvent, ruleFeedEventKind, Subscription } from '@policy/event-store';
import { Kafka, KafkaConfig, Message, Partitioners, Producer, RetryOptions } from 'kafkajs';
import { OutgoingMessage, toEventMessage } from './cloud-event';
import { DEFAULT_RELAY_CHECKPOINT, RelayLag, relayLag } from './relay-lag';
import { createKafka, KafkaConnection } from './kafka-client';
import { LeaseLostError, RelayLease } from './lease/relay-lease';
import { errorMessage, silentLogger, StructuredLogger } from './logger';
import { toStateMessage } from './rule-state-message';
import { RuleStateFolder } from './rule-state-folder';
import { DEFAULT_RULE_TOPICS, ensureTopics, RuleTopics, TopicSettings } from './topics';

export interface KafkaRelayOptions {
  readonly store: EventStore;
  readonly kafka: KafkaConnection;
  /** Name of the relay's durable position in the store's checkpoint table. */
  readonly checkpointName?: string;
  readonly logger?: StructuredLogger;
  /** Most events per produce request: larger amortises the round trip and the checkpoint write. */
  readonly batchSize?: number;
  /**
   * Flush once the batch's values reach this many bytes, so a batch of large rules stays under
   * the broker's per-request limits (`message.max.bytes`, 1 MiB by default).
   */
  readonly maxBatchBytes?: number;
  readonly topics?: RuleTopics;
  /** How to create missing topics on connect; `false` when an operator manages them. */
  readonly topicSettings?: TopicSettings | false;
  /** Delay after the first failure; it doubles per consecutive failure up to `maxRetryDelayMs`. */
  readonly initialRetryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Rules whose latest state is kept in memory between batches (at least 1; 10,000 by default). */
  readonly stateCacheSize?: number;
  /** Extra kafkajs client settings (TLS, SASL...). */
  readonly kafkaConfig?: Partial<KafkaConfig>;
  /** With a lease, the relay publishes only while it leads; otherwise it stands by. */
  readonly lease?: RelayLease;
  readonly clock?: () => Date;
}

export interface RelayStatus {
  readonly running: boolean;
  /** The producer is connected and its last request (if any) succeeded. */
  readonly connected: boolean;
  /** Last position published and acknowledged: everything up to it is on Kafka. */
  readonly checkpoint: bigint | undefined;
  /** Why the last attempt failed; cleared by the next acknowledged batch. */
  readonly lastError: string | undefined;
  readonly lastPublishedAt: string | undefined;
  /** Failures in a row since the last acknowledged batch. */
  readonly consecutiveFailures: number;
  /** With a lease: whether this relay leads, and its fencing token. */
  readonly lease?: { readonly owner: string; readonly leader: boolean; readonly token: number | null };
}

/**
 * kafkajs retries a failed request only briefly, so a dead broker surfaces as an error within
 * about a second; the relay's own loop then backs off, reports and reconnects with a fresh
 * producer. Left at its defaults kafkajs would retry for minutes while reporting nothing.
 */
const CLIENT_RETRY: RetryOptions = { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 };

/** Events accumulated since the last acknowledged batch. */
class PendingBatch {
  readonly envelopes: RuleEventEnvelope[] = [];
  readonly messages: Message[] = [];
  bytes = 0;
  events = 0;
  /** Last position read, rule event or not: where the checkpoint moves once this is acknowledged. */
  through: bigint | undefined;

  add(event: RecordedEvent, envelope?: RuleEventEnvelope, message?: OutgoingMessage): void {
    this.events += 1;
    this.through = event.position;
    if (!envelope || !message) return;
    this.envelopes.push(envelope);
    this.messages.push(message);
    this.bytes += Buffer.byteLength(message.value);
  }
}

/**
 * Relays the event log to Kafka: every rule event to the events topic (key = ruleId, so each
 * rule's events stay in order on one partition), and the rule's state after the batch to the
 * compacted state topic.
 *
 * Delivery is at-least-once. The relay reads the store's global feed after its durable
 * checkpoint, produces a batch with an idempotent producer and acks=all, and moves the
 * checkpoint to the batch's last position only once the broker has acknowledged the batch.
 * On any failure (broker down, a request timing out, the store) it drops the batch and the
 * producer, waits (exponential back-off, capped), and starts over from the checkpoint with a
 * new producer: nothing is skipped, and what was sent but not checkpointed is sent again,
 * after which consumers dedupe on (ruleId, revision).
 */
export class KafkaRelay {
  private readonly store: EventStore;
  private readonly kafka: Kafka;
  private readonly logger: StructuredLogger;
  private readonly checkpointName: string;
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  private readonly topics: RuleTopics;
  private readonly topicSettings: TopicSettings | false;
  private readonly initialRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly clock: () => Date;
  private readonly folder: RuleStateFolder;
  private readonly lease?: RelayLease;

  private producer?: Producer;
  private topicsReady = false;
  private subscription?: Subscription;
  private batch = new PendingBatch();
  private loop?: Promise<void>;
  private abort = new AbortController();
  private checkpoint: bigint | undefined;
  private connected = false;
  private lastError: string | undefined;
  private lastPublishedAt: string | undefined;
  private consecutiveFailures = 0;

  constructor(options: KafkaRelayOptions) {
    this.store = options.store;
    this.logger = options.logger ?? silentLogger;
    this.checkpointName = options.checkpointName ?? DEFAULT_RELAY_CHECKPOINT;
    this.batchSize = options.batchSize ?? 500;
    this.maxBatchBytes = options.maxBatchBytes ?? 512 * 1024;
    this.topics = options.topics ?? DEFAULT_RULE_TOPICS;
    this.topicSettings = options.topicSettings ?? { partitions: 3, replicationFactor: 1 };
    this.initialRetryDelayMs = options.initialRetryDelayMs ?? 100;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
    this.clock = options.clock ?? (() => new Date());
    this.lease = options.lease;
    this.kafka = createKafka(options.kafka, this.logger, { retry: CLIENT_RETRY, requestTimeout: 10_000, ...options.kafkaConfig });
    this.folder = new RuleStateFolder(async (ruleId, toRevision) => {
      const events = await this.store.readStream(ruleStreamName(ruleId), { toRevision: BigInt(toRevision) });
      return events.map(toEnvelope);
    }, options.stateCacheSize);
  }

  /** Starts relaying in the background; failures are retried, never thrown. */
  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  /** Stops after the batch in flight settles, and disconnects. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort();
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
    await this.disconnect();
    await this.lease?.release();
    this.logger.log({ event: 'relay.stopped', checkpoint: toNumber(this.checkpoint) });
  }

  status(): RelayStatus {
    return {
      running: this.loop !== undefined,
      connected: this.connected,
      checkpoint: this.checkpoint,
      lastError: this.lastError,
      lastPublishedAt: this.lastPublishedAt,
      consecutiveFailures: this.consecutiveFailures,
      ...(this.lease ? { lease: leaseStatus(this.lease) } : {}),
    };
  }

  /** How far Kafka is behind the store. */
  lag(): Promise<RelayLag> {
    return relayLag(this.store, { checkpointName: this.checkpointName, checkpoint: this.checkpoint, clock: this.clock });
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (this.lease && this.lease.heldToken() === undefined && !(await this.lease.acquire(signal))) break;
        await this.connect();
        this.checkpoint = await this.store.checkpoints.load(this.checkpointName);
        this.batch = new PendingBatch();
        this.logger.log({ event: 'relay.reading', checkpoint: toNumber(this.checkpoint) });
        const subscription = this.store.subscribe({
          fromPosition: this.checkpoint,
          onEvent: (event) => this.onEvent(event),
          onCaughtUp: () => this.flush(),
        });
        this.subscription = subscription;
        if (signal.aborted) await subscription.close();
        await subscription.done;
      } catch (error) {
        if (signal.aborted) break;
        await this.disconnect();
        // Replaced by another relay: stand by again at once, from the checkpoint it moves on.
        if (error instanceof LeaseLostError) {
          this.logger.warn({ event: 'relay.standing-by', reason: error.message, checkpoint: toNumber(this.checkpoint) });
          continue;
        }
        this.consecutiveFailures += 1;
        this.lastError = errorMessage(error);
        const delayMs = backoffDelay(this.consecutiveFailures, { initialMs: this.initialRetryDelayMs, maxMs: this.maxRetryDelayMs });
        this.logger.warn({
          event: 'relay.retry',
          attempt: this.consecutiveFailures,
          delayMs,
          error: this.lastError,
          position: toNumber(this.checkpoint),
        });
        await sleep(delayMs, signal);
      }
    }
  }

  private async connect(): Promise<void> {
    if (this.producer) return;
    if (this.topicSettings && !this.topicsReady) {
      const admin = this.kafka.admin({ retry: CLIENT_RETRY });
      try {
        await admin.connect();
        const { created } = await ensureTopics(admin, this.topicSettings, this.topics);
        if (created.length > 0) this.logger.log({ event: 'relay.topics-created', topics: created, ...this.topicSettings });
        this.topicsReady = true;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    // A new producer after every failure: it gets a new producer id, so it never inherits
    // sequence numbers the broker may have rejected or half-applied.
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: CLIENT_RETRY,
      // murmur2 of the key, as the Java client: any producer or tool agrees on a rule's partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    this.connected = true;
    this.logger.log({ event: 'relay.connected' });
  }

  private async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connected = false;
    await producer?.disconnect().catch(() => undefined);
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    const kind = ruleFeedEventKind(event);
    if (kind === 'rule-stream-deleted') {
      // Not a rule event, and not something to stop on: the rule's published events stand.
      this.logger.warn({ event: 'relay.rule-stream-deleted', streamId: event.streamId, position: toNumber(event.position) });
      this.batch.add(event);
    } else if (kind === 'rule-event') {
      let envelope: RuleEventEnvelope;
      try {
        envelope = toEnvelope(event);
      } catch (error) {
        // Never skipped: the relay stops here, retrying and reporting, until the log is fixed.
        throw new Error(`event at position ${event.position} in ${event.streamId} is not a valid rule event: ${errorMessage(error)}`, {
          cause: error,
        });
      }
      this.batch.add(event, envelope, toEventMessage(envelope, traceparentOf(event.metadata)));
    } else {
      this.batch.add(event);
    }
    if (this.batch.events >= this.batchSize || this.batch.bytes >= this.maxBatchBytes) await this.flush();
  }

  /** Publishes the pending batch and, once the broker has acknowledged it, moves the checkpoint. */
  private async flush(): Promise<void> {
    const batch = this.batch;
    if (batch.through === undefined) return;
    const producer = this.producer;
    if (!producer) throw new Error('not connected to Kafka');
    const folded = await this.folder.fold(batch.envelopes);
    // Fenced: a relay that no longer leads publishes nothing more and moves no checkpoint.
    this.lease?.assertHeld();
    if (batch.messages.length > 0) {
      await inSpan('relay.batch', { 'messaging.system': 'kafka', 'messaging.batch.message_count': batch.messages.length }, (span) => {
        // A batch carries events of many requests: linked to each of their traces, not a child of one.
        span.addLinks(batch.messages.flatMap((message) => linkOf(message.headers?.traceparent)));
        return producer.sendBatch({
          acks: -1,
          topicMessages: [
            { topic: this.topics.events, messages: batch.messages },
            { topic: this.topics.state, messages: [...folded.values()].map(({ state, position }) => toStateMessage(state, position)) },
          ],
        });
      });
    }
    this.lease?.assertHeld();
    await this.store.checkpoints.save(this.checkpointName, batch.through);
    this.folder.commit(folded);
    this.checkpoint = batch.through;
    this.batch = new PendingBatch();
    this.connected = true;
    this.lastPublishedAt = this.clock().toISOString();
    if (this.consecutiveFailures > 0) {
      this.logger.log({ event: 'relay.recovered', afterFailures: this.consecutiveFailures, checkpoint: toNumber(this.checkpoint) });
    }
    this.consecutiveFailures = 0;
    this.lastError = undefined;
  }
}

const leaseStatus = (lease: RelayLease) => {
  const token = lease.heldToken();
  return { owner: lease.owner, leader: token !== undefined, token: token === undefined ? null : Number(token) };
};

/** The span a `traceparent` names, as a link; none for a message without one. */
const linkOf = (traceparent: unknown): Link[] => {
  if (typeof traceparent !== 'string') return [];
  const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent }));
  return spanContext ? [{ context: spanContext }] : [];
};

/** Positions in log lines: JSON has no bigint, and positions stay far below 2^53. */
const toNumber = (position: bigint | undefined): number | null => (position === undefined ? null : Number(position));
