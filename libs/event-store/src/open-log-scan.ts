import type { LogScanReader, LogScanSource } from './log-scan.port';
import { SqliteLogScan } from './sqlite/sqlite-log-scan';

/**
 * Opens a reader on a scan's source, on whichever thread calls it (see `LogScan`). SQLite is the
 * only kind: a second one makes the assignment below a compile error until it is handled here.
 * (No switch on `@policy/domain`'s assertNever: the hashing thread loads this file, and the
 * domain's schemas would double its start.)
 */
export const openLogScan = (source: LogScanSource): LogScanReader => {
  const sqlite: Extract<LogScanSource, { kind: 'sqlite' }> = source;
  return new SqliteLogScan(sqlite.file);
};
