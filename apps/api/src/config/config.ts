import { TopicSettingsEnv } from '@policy/messaging';
import { z } from 'zod';

const brokerList = z
  .string()
  .transform((value) => value.split(',').map((b) => b.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).min(1, 'at least one host:port'));

/**
 * The service's configuration, from the environment only. Parsed once at start; a bad value
 * stops the process with a message naming the variable, before anything is opened.
 */
export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    POLICY_DATA_DIR: z.string().min(1).default('./data'),
    POLICY_ADMIN_KEY: z.string().min(16, 'at least 16 characters').max(512).optional(),
    EVENT_STORE: z.enum(['sqlite', 'kurrentdb']).default('sqlite'),
    KURRENTDB_CONNECTION_STRING: z.string().startsWith('kurrentdb', 'a kurrentdb:// or kurrentdb+discover:// URL').optional(),
    KAFKA_BROKERS: brokerList.optional(),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    /** FULL: an answered append survives power loss; NORMAL: a killed process only, faster. */
    POLICY_SQLITE_SYNC: z.enum(['FULL', 'NORMAL']).default('FULL'),
  })
  .extend(TopicSettingsEnv.shape)
  .superRefine((config, ctx) => {
    if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_CONNECTION_STRING) {
      ctx.addIssue({
        code: 'custom',
        path: ['KURRENTDB_CONNECTION_STRING'],
        message: 'required when EVENT_STORE=kurrentdb',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Empty strings count as unset, as shells and compose files often export them. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
};

export const CONFIG = Symbol('CONFIG');
