/**
 * Structured logging for the messaging parts: every line is one JSON object whose `event`
 * names what happened (`relay.retry`, `relay.published`...), so operators can filter and
 * alert on fields instead of parsing prose. Nest's `Logger` fits this shape too (its `log`
 * takes objects), so the api can hand its own logger in when it embeds the relay.
 */
export type LogEntry = { readonly event: string } & Readonly<Record<string, unknown>>;

export interface StructuredLogger {
  log(entry: LogEntry): void;
  warn(entry: LogEntry): void;
  error(entry: LogEntry): void;
}

export type LogLevel = 'error' | 'warn' | 'log';

const rank: Record<LogLevel, number> = { error: 0, warn: 1, log: 2 };

/** JSON lines on stdout (`log`) and stderr (`warn`, `error`), stamped with level and time. */
export const jsonLinesLogger = (minimum: LogLevel = 'log', clock: () => Date = () => new Date()): StructuredLogger => {
  const write = (level: LogLevel, entry: LogEntry): void => {
    if (rank[level] > rank[minimum]) return;
    const line = `${JSON.stringify({ level, time: clock().toISOString(), ...entry }, jsonSafe)}\n`;
    (level === 'log' ? process.stdout : process.stderr).write(line);
  };
  return {
    log: (entry) => write('log', entry),
    warn: (entry) => write('warn', entry),
    error: (entry) => write('error', entry),
  };
};

/** Drops everything: for callers that watch `status()` instead. */
export const silentLogger: StructuredLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Positions and revisions are bigints in the store; JSON has no such type. */
export const jsonSafe = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
