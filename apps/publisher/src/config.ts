import { parseBrokers, TopicSettingsEnv } from '@policy/messaging';
import { z } from 'zod';

/**
 * The publisher's configuration, from the environment only. It shares `POLICY_DATA_DIR` and
 * `EVENT_STORE` with the api, whose store it reads.
 */
export const PublisherConfigSchema = z
  .object({
    KAFKA_BROKERS: z
      .string({ error: 'required: comma-separated host:port list of Kafka brokers' })
      .transform(parseBrokers)
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).min(1, 'at least one host:port')),
    POLICY_DATA_DIR: z.string().min(1).default('./data'),
    EVENT_STORE: z.enum(['sqlite', 'kurrentdb']).default('sqlite'),
    KURRENTDB_CONNECTION_STRING: z.string().startsWith('kurrentdb', 'a kurrentdb:// or kurrentdb+discover:// URL').optional(),
    KAFKA_CLIENT_ID: z.string().min(1).default('policy-ledger-publisher'),
    /** Events per produce request. */
    KAFKA_RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Topic name overrides, for a shared cluster or tests; the defaults are the contract. */
    KAFKA_TOPIC_RULE_EVENTS: z.string().min(1).optional(),
    KAFKA_TOPIC_RULE_STATE: z.string().min(1).optional(),
    /**
     * How often to look for appends made by the api process. Appends in another process wake
     * nobody here, so this bounds the added publish latency.
     */
    PUBLISHER_POLL_INTERVAL_MS: z.coerce.number().int().min(1).max(60_000).default(25),
    POLICY_SQLITE_SYNC: z.enum(['FULL', 'NORMAL']).default('FULL'),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  })
  .extend(TopicSettingsEnv.shape)
  .superRefine((config, ctx) => {
    if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_CONNECTION_STRING) {
      ctx.addIssue({ code: 'custom', path: ['KURRENTDB_CONNECTION_STRING'], message: 'required when EVENT_STORE=kurrentdb' });
    }
  });

export type PublisherConfig = z.infer<typeof PublisherConfigSchema>;

export class PublisherConfigError extends Error {}

/** Empty strings count as unset, as shells and compose files often export them. */
export const loadPublisherConfig = (env: NodeJS.ProcessEnv = process.env): PublisherConfig => {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = PublisherConfigSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new PublisherConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
};
