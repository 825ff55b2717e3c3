import { commaSeparated } from '@policy/common';
import { Kafka, KafkaConfig, logLevel, LogEntry as KafkaLogEntry } from 'kafkajs';
import { StructuredLogger } from './logger';

export interface KafkaConnection {
  /** `host:port` of at least one broker; the client discovers the rest. */
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/**
 * A kafkajs client whose own log lines go to the structured logger, WARN and up only: its
 * INFO chatter (joins, commits) is noise in production, and its ERROR lines during a broker
 * outage are expected, so they are logged as warnings; the caller logs the failure that
 * matters (`relay.retry`, `subscriber.error`) once, with context.
 */
export const createKafka = (connection: KafkaConnection, logger: StructuredLogger, overrides: Partial<KafkaConfig> = {}): Kafka =>
  new Kafka({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    logLevel: logLevel.WARN,
    logCreator: () => (entry: KafkaLogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry.log;
      if (ignored.has(message) || quietNamespaces.has(entry.namespace)) return;
      logger.warn({ event: 'kafka.client', level: entry.label, namespace: entry.namespace, message, ...extra });
    },
    ...overrides,
  });

/**
 * kafkajs warns about this on every idempotent producer whose retries are bounded. The relay
 * bounds them on purpose (so a dead broker surfaces as an error it can report and back off
 * from) and promises at-least-once, not exactly-once, so the warning says nothing new.
 */
const ignored = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/**
 * Socket-level failures, logged by kafkajs on every connection attempt (several per retry).
 * Each also fails the request that needed the connection, and that failure is what gets
 * reported: by the relay as `relay.retry`, by a consumer as kafkajs's own crash/restart line.
 */
const quietNamespaces = new Set(['Connection', 'BrokerPool']);

/** Comma-separated `host:port` list, as in `KAFKA_BROKERS`. */
export const parseBrokers = (value: string): string[] => commaSeparated(value);
