import { ConfigError, EventStoreEnv, kafkaBrokersEnv, loadEnv, logLevelEnv, requireKurrentDbConnection, TracingEnv } from '@policy/common';
import { RelayLeaseEnv, RuleTopicsEnv, TopicSettingsEnv } from '@policy/messaging';
import { z } from 'zod';

/**
 * The publisher's configuration, from the environment only. It shares the store's variables
 * (`POLICY_DATA_DIR`, `EVENT_STORE`...) with the api, whose store it reads.
 */
export const PublisherConfigSchema = z
  .object({
    KAFKA_BROKERS: kafkaBrokersEnv,
    ...EventStoreEnv.shape,
    KAFKA_CLIENT_ID: z.string().min(1).default('policy-ledger-publisher'),
    /** Events per produce request. */
    KAFKA_RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    ...RuleTopicsEnv.shape,
    /**
     * How often to look for appends made by the api process. Appends in another process wake
     * nobody here, so this bounds the added publish latency.
     */
    PUBLISHER_POLL_INTERVAL_MS: z.coerce.number().int().min(1).max(60_000).default(25),
    LOG_LEVEL: logLevelEnv,
    ...TopicSettingsEnv.shape,
    ...RelayLeaseEnv.shape,
    ...TracingEnv.shape,
  })
  .superRefine(requireKurrentDbConnection);

export type PublisherConfig = z.infer<typeof PublisherConfigSchema>;

/** The shared ConfigError, under the name the publisher has always exported. */
export { ConfigError as PublisherConfigError };

export const loadPublisherConfig = (env: NodeJS.ProcessEnv = process.env): PublisherConfig => loadEnv(PublisherConfigSchema, env);
