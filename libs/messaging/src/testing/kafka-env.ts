import { randomUUID } from 'node:crypto';
import { parseBrokers } from '../kafka-client';
import { RuleTopics } from '../topics';

/**
 * The shared test broker. The int tests need a real one, so a missing address is a setup
 * error to fix, never a reason to skip.
 */
export const requireBrokers = (): string[] => {
  const value = process.env.KAFKA_BROKERS;
  if (!value) {
    throw new Error(
      'KAFKA_BROKERS is not set. The Kafka integration tests need a real broker: run them through jest with ' +
        'the global setup (test/setup/kafka.global-setup.cjs starts one), or start one with ' +
        '`node infra/kafka/kafka.mjs start` and export the KAFKA_BROKERS line it prints.',
    );
  }
  return parseBrokers(value);
};

/** Topic names of one test, so tests sharing a broker (and reruns against a kept one) never see each other's messages. */
export const uniqueTopics = (label: string): RuleTopics => {
  const id = `${label}-${randomUUID().slice(0, 8)}`;
  return { events: `test.${id}.rule-events`, state: `test.${id}.rule-state` };
};
