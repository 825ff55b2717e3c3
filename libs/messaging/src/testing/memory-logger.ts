import { LogEntry, StructuredLogger } from '../logger';

/** Keeps log entries for assertions (and echoes warnings and errors when DEBUG_RELAY is set). */
export class MemoryLogger implements StructuredLogger {
  readonly entries: (LogEntry & { level: 'log' | 'warn' | 'error' })[] = [];

  log(entry: LogEntry): void {
    this.entries.push({ ...entry, level: 'log' });
  }

  warn(entry: LogEntry): void {
    this.push('warn', entry);
  }

  error(entry: LogEntry): void {
    this.push('error', entry);
  }

  named(event: string): LogEntry[] {
    return this.entries.filter((entry) => entry.event === event);
  }

  private push(level: 'warn' | 'error', entry: LogEntry): void {
    this.entries.push({ ...entry, level });
    if (process.env.DEBUG_RELAY) process.stderr.write(`${JSON.stringify(entry)}\n`);
  }
}
