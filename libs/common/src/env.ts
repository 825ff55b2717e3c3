import { z } from 'zod';

/**
 * Configuration from the environment, shared by the api, the publisher and the example
 * subscriber: one loader and the variables more than one of them reads, each spelled (name,
 * default, message) once. Variables about Kafka topics (partitions, replication, names) live in
 * `@policy/messaging` beside the defaults they fall back to.
 */

/** A bad environment: the message names every offending variable, one per line. */
export class ConfigError extends Error {}

/**
 * Parses `env` with `schema`, or throws a ConfigError listing each bad variable. Empty strings
 * count as unset, as shells and compose files often export them.
 */
export const loadEnv = <Schema extends z.ZodType>(schema: Schema, env: NodeJS.ProcessEnv = process.env): z.infer<Schema> => {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
};

/**
 * For a process's entry point: the configuration `load` returns, or, on a ConfigError, its
 * message on stderr after `processName` and exit status 1 - a bad environment is an operator's
 * mistake, so no stack trace. Any other error is thrown on to the caller.
 */
export const loadConfigOrExit = <Config>(
  load: () => Config,
  processName: string,
  io: { stderr: Pick<NodeJS.WriteStream, 'write'>; exit: (code: number) => never } = process,
): Config => {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${processName}: ${error.message}\n`);
    return io.exit(1);
  }
};

/** Splits a comma-separated list, dropping blanks: `a, b,` is `['a', 'b']`. */
export const commaSeparated = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** KAFKA_BROKERS: a comma-separated `host:port` list. Required unless a config makes it `.optional()`. */
export const kafkaBrokersEnv = z
  .string({ error: 'required: comma-separated host:port list of Kafka brokers' })
  .transform(commaSeparated)
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).min(1, 'at least one host:port'));

/** LOG_LEVEL, in Nest's names; a process with fewer levels maps them onto its own. */
export const logLevelEnv = z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log');

/** PORT to listen on; 0 picks a free one. Each service has its own default. */
export const portEnv = (defaultPort: number) => z.coerce.number().int().min(0).max(65535).default(defaultPort);

/** HOST to listen on; every interface unless told. */
export const hostEnv = z.string().min(1).default('0.0.0.0');

/**
 * The event store, as every process that opens it reads it: the api writes it, the publisher
 * reads the same one. Compose with `...EventStoreEnv.shape` and refine with
 * `requireKurrentDbConnection`.
 */
export const EventStoreEnv = z.object({
  POLICY_DATA_DIR: z.string().min(1).default('./data'),
  EVENT_STORE: z.enum(['sqlite', 'kurrentdb']).default('sqlite'),
  KURRENTDB_CONNECTION_STRING: z.string().startsWith('kurrentdb', 'a kurrentdb:// or kurrentdb+discover:// URL').optional(),
  /** FULL: an answered append survives power loss; NORMAL: a killed process only, faster. */
  POLICY_SQLITE_SYNC: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** How long a process keeps probing an unreachable KurrentDB at start before it exits non-zero. */
  POLICY_STORE_START_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
});

/** The one rule across the store's variables, for `.superRefine` on a schema that composes EventStoreEnv. */
export const requireKurrentDbConnection = (
  config: Pick<z.infer<typeof EventStoreEnv>, 'EVENT_STORE' | 'KURRENTDB_CONNECTION_STRING'>,
  ctx: z.RefinementCtx,
): void => {
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_CONNECTION_STRING) {
    ctx.addIssue({ code: 'custom', path: ['KURRENTDB_CONNECTION_STRING'], message: 'required when EVENT_STORE=kurrentdb' });
  }
};
