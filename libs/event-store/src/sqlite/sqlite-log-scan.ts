import Database from 'better-sqlite3';
import type { LogRow, LogScanReader, StreamRange } from '../log-scan.port';
import { LOG_ROW_COLUMNS } from './sqlite-schema';

/**
 * Reads the embedded event store's file (the `events` table of `SqliteEventStore`) directly,
 * on a read-only connection of its own, for bulk builds: rows as arrays of plain numbers and
 * strings, in one statement per scan, skip the per-event objects, bigints and paging of
 * `readAll`. A scan is one read transaction, so it sees one snapshot of the log, whatever
 * writers do meanwhile.
 */
export class SqliteLogScan implements LogScanReader {
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
  }

  head(): number {
    return this.db.prepare<[], { p: number | null }>('SELECT max(position) AS p FROM events').get()?.p ?? 0;
  }

  /** Counted on the stream index. */
  streams(head: number): number {
    return (
      this.db.prepare<[number], { n: number }>('SELECT count(DISTINCT stream_id) AS n FROM events WHERE position <= ?').get(head)?.n ?? 0
    );
  }

  /** Found on the (stream_id, revision) index, so no event is read. */
  split(parts: number, head: number): StreamRange[] {
    const at = this.db.prepare<[number, number], { s: string }>(
      'SELECT stream_id AS s FROM events WHERE position <= ? ORDER BY stream_id LIMIT 1 OFFSET ?',
    );
    const cuts: string[] = [];
    for (let i = 1; i < parts; i++) {
      const cut = at.get(head, Math.floor((head * i) / parts))?.s;
      if (cut !== undefined && cut > (cuts[cuts.length - 1] ?? '')) cuts.push(cut);
    }
    return [undefined, ...cuts].map((from, i) => ({ from, to: cuts[i] }));
  }

  rows(range: StreamRange, after: number, head: number): IterableIterator<LogRow> {
    // `+stream_id` keeps SQLite off the stream index: the scan walks positions in order.
    const bounds = [range.from === undefined ? '' : ' AND +stream_id >= :from', range.to === undefined ? '' : ' AND +stream_id < :to'].join(
      '',
    );
    const statement = this.db
      .prepare(
        `SELECT ${LOG_ROW_COLUMNS} FROM events
         WHERE position > :after AND position <= :head${bounds} ORDER BY position`,
      )
      .raw(true);
    const params: Record<string, string | number> = { after, head };
    if (range.from !== undefined) params.from = range.from;
    if (range.to !== undefined) params.to = range.to;
    return statement.iterate(params) as IterableIterator<LogRow>;
  }

  close(): void {
    this.db.close();
  }
}
