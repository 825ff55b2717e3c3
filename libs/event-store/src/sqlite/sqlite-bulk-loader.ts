import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { NewEvent } from '../event-store.port';
import { canonicalJson } from '@policy/ledger';
import { CANONICAL_JSON_AFTER, SQLITE_SCHEMA } from './sqlite-schema';

/** One event of a prepared history, at the revision its stream gives it. */
export interface LoadedEvent extends NewEvent {
  readonly streamId: string;
  readonly revision: number;
  /** When it was stored; a generated history sets it to the event's recorded time. */
  readonly createdAt: string;
}

/**
 * Writes a prepared history straight into a store file, in the order given (which becomes
 * the global order): for benchmarks and fixtures, where going through `append` would spend
 * the time on checks and fsyncs that a generated history does not need. The caller vouches
 * that revisions are consecutive per stream; the unique keys still refuse a duplicate. Nobody
 * else may write to the file meanwhile, and a crash leaves it half loaded.
 */
export class SqliteBulkLoader {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private pending = 0;
  private written = 0;

  constructor(
    readonly file: string,
    private readonly eventsPerTransaction = 20_000,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file)) throw new Error(`${file} exists: the bulk loader only creates a new store file`);
    this.db = new Database(file);
    // A new file that is thrown away if the load fails needs neither a journal nor fsyncs.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    // Random event ids make the unique index a random-write workload: keep it in memory.
    this.db.pragma('cache_size = -262144');
    this.db.exec(SQLITE_SCHEMA);
    this.db
      .prepare(`INSERT INTO checkpoints (name, position, updated_at) VALUES (?, 0, ?)`)
      .run(CANONICAL_JSON_AFTER, new Date().toISOString());
    this.insert = this.db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.exec('BEGIN');
  }

  add(event: LoadedEvent): void {
    this.insert.run(
      event.streamId,
      event.revision,
      event.eventId,
      event.type,
      canonicalJson(event.data),
      canonicalJson(event.metadata ?? {}),
      event.createdAt,
    );
    this.written++;
    if (++this.pending >= this.eventsPerTransaction) {
      this.db.exec('COMMIT; BEGIN');
      this.pending = 0;
    }
  }

  /** Commits, folds the WAL into the file and closes it; returns how many events were written. */
  close(): number {
    this.db.exec('COMMIT');
    this.db.pragma('journal_mode = WAL');
    this.db.close();
    return this.written;
  }
}
