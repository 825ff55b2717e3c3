import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createKafka, LEDGER_CHECKPOINTS_TOPIC, ledgerCheckpointsTopicConfig, topicSettingsFrom } from '@policy/messaging';
import { Producer } from 'kafkajs';
import { Config } from '../config/config';
import { StoredCheckpoint } from './ledger-tree.store';
import { LedgerService } from './ledger.service';

const RETRY_MS = 5000;

/**
 * With Kafka on, each new signed checkpoint goes to a compacted topic keyed by the origin, so
 * the topic always holds the latest. Only the newest unsent one is kept while the broker is
 * away: an older checkpoint is implied by a newer one (the consistency proof links them).
 */
export class CheckpointPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CheckpointPublisher.name);
  private producer?: Producer;
  private unsent?: StoredCheckpoint;
  private sending = false;
  private retry?: NodeJS.Timeout;
  private off?: () => void;
  /** Creates the topic and connects; cleared once done. */
  private connect?: () => Promise<void>;

  constructor(
    private readonly ledger: LedgerService,
    private readonly config: Config,
  ) {}

  async onModuleInit(): Promise<void> {
    const brokers = this.config.KAFKA_BROKERS;
    if (!brokers) return;
    const log = {
      log: (entry: object) => this.logger.log(entry),
      warn: (entry: object) => this.logger.warn(entry),
      error: (entry: object) => this.logger.error(entry),
    };
    const kafka = createKafka({ brokers, clientId: 'policy-ledger-checkpoints' }, log as never);
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    this.off = this.ledger.onCheckpoint((checkpoint) => this.publish(checkpoint));
    this.unsent = this.ledger.latest();
    this.connect = async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({ topics: [ledgerCheckpointsTopicConfig(topicSettingsFrom(this.config))], waitForLeaders: true });
      } finally {
        await admin.disconnect();
      }
      await this.producer!.connect();
    };
    void this.send();
  }

  async onApplicationShutdown(): Promise<void> {
    this.off?.();
    clearTimeout(this.retry);
    await this.producer?.disconnect().catch(() => undefined);
  }

  private publish(checkpoint: StoredCheckpoint): void {
    this.unsent = checkpoint;
    void this.send();
  }

  private async send(): Promise<void> {
    if (this.sending || !this.producer) return;
    this.sending = true;
    try {
      if (this.connect) {
        await this.connect();
        this.connect = undefined;
      }
      while (this.unsent) {
        const { size, note } = this.unsent;
        await this.producer.send({
          topic: LEDGER_CHECKPOINTS_TOPIC,
          acks: -1,
          messages: [{ key: this.ledger.origin, value: JSON.stringify({ origin: this.ledger.origin, treeSize: size, checkpoint: note }) }],
        });
        if (this.unsent.size === size) this.unsent = undefined;
      }
    } catch (error) {
      this.logger.warn(`ledger checkpoint not published yet, retrying: ${String(error)}`);
      this.retry = setTimeout(() => void this.send(), RETRY_MS);
    } finally {
      this.sending = false;
    }
  }
}
