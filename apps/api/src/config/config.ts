import {
  ConfigError,
  EventStoreEnv,
  hostEnv,
  kafkaBrokersEnv,
  loadEnv,
  logLevelEnv,
  portEnv,
  requireKurrentDbConnection,
  TracingEnv,
} from '@policy/common';
import { RelayLeaseEnv, TopicSettingsEnv } from '@policy/messaging';
import { z } from 'zod';
import { oidcComplete, OidcEnv } from '../auth/oidc/oidc.config';
import { sessionTtlEnv } from '../auth/session/session-ttl';
import { headersWithinRequest, HttpEdgeEnv } from '../http/edge/http-edge.config';
import { LedgerEnv } from '../ledger/ledger.config';

/**
 * The service's configuration, from the environment only. Parsed once at start; a bad value
 * stops the process with a message naming the variable, before anything is opened.
 */
export const ConfigSchema = z
  .object({
    PORT: portEnv(3000),
    HOST: hostEnv,
    ...EventStoreEnv.shape,
    POLICY_ADMIN_KEY: z.string().min(16, 'at least 16 characters').max(512).optional(),
    /** Unset: the api relays nothing itself (a separate publisher may). */
    KAFKA_BROKERS: kafkaBrokersEnv.optional(),
    LOG_LEVEL: logLevelEnv,
    POLICY_SESSION_TTL: sessionTtlEnv,
    ...TopicSettingsEnv.shape,
    ...RelayLeaseEnv.shape,
    ...HttpEdgeEnv.shape,
    ...OidcEnv.shape,
    ...TracingEnv.shape,
    ...LedgerEnv.shape,
  })
  .superRefine(requireKurrentDbConnection)
  .superRefine(headersWithinRequest)
  .superRefine(oidcComplete);

export type Config = z.infer<typeof ConfigSchema>;

export { ConfigError };

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadEnv(ConfigSchema, env);

export const CONFIG = Symbol('CONFIG');
