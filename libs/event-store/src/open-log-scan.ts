import { assertNever } from '@policy/domain';
import type { LogScanReader, LogScanSource } from './log-scan.port';
import { SqliteLogScan } from './sqlite/sqlite-log-scan';

/** Opens a reader on a scan's source, on whichever thread calls it (see `LogScan`). */
export const openLogScan = (source: LogScanSource): LogScanReader => {
  switch (source.kind) {
    case 'sqlite':
      return new SqliteLogScan(source.file);
    default:
      return assertNever(source.kind);
  }
};
