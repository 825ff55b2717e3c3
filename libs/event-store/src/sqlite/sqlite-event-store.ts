import Database from 'better-sqlite3';
import { assertNever, ConcurrencyError } from '@policy/domain';
import { canonicalJson } from '@policy/ledger';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult,
  CheckpointStore,
  EventStore,
  ExpectedRevision,
  FeedOptions,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { concurrencyError } from '../expected-revision';
import type { LogRow, LogScan } from '../log-scan.port';
import { openLogScan } from '../open-log-scan';
import { pollingSubscription } from '../polling-subscription';
import { isStorageFailure, storageUnavailable } from '../storage-errors';
import { assertEvents, assertOpen } from '../store-guards';
import { CANONICAL_JSON_AFTER, EventRow, LOG_ROW_COLUMNS, SQLITE_SCHEMA } from './sqlite-schema';
import { CommitTiming, SqliteWriter } from './sqlite-writer';
import { WalCheckpointer } from './wal-checkpointer';

export interface SqliteEventStoreOptions {
  /**
   * `FULL` (default) fsyncs the WAL on every commit, so an answered append survives power
   * loss as well as a killed process; `NORMAL` survives a killed process only, and is faster.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How often a live subscription looks for appends made by other processes. */
  readonly pollIntervalMs?: number;
  readonly pageSize?: number;
  /** Told of every group commit this process's writer makes (for metrics). */
  readonly onCommit?: (commit: CommitTiming) => void;
}

/**
 * The embedded event store: one SQLite file in WAL mode. Appends run in `BEGIN IMMEDIATE`
 * transactions, so writers (even from several processes) are serialised and a position is
 * allocated inside the write lock: commit order is position order, which makes the global
 * feed gap-safe. AUTOINCREMENT never reuses a position, and a rolled-back append releases
 * the ones it took, so positions are also gap-free.
 *
 * Writes go through a connection of their own on a worker thread (`SqliteWriter`), reads
 * through this one on the caller's thread. With `synchronous = FULL` a commit waits for an
 * fsync, and on the event loop that wait would hold up every request in flight; on the writer
 * thread the loop keeps serving while the disk syncs, and the appends that queue up meanwhile
 * go into the next transaction together, sharing one fsync (group commit).
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly waiters = new Set<() => void>();
  /** Batches committed by this process's writer (see pollingSubscription). */
  private commits = 0;
  private readonly writer: SqliteWriter;
  private readonly checkpointer?: WalCheckpointer;
  private readonly statements;
  private readonly tuning: { pageSize: number; pollIntervalMs: number };
  private closed = false;
  readonly checkpoints: CheckpointStore;
  /** Positions are rowids of an append-only table written by one writer: 1, 2, 3... */
  readonly positionsCountEvents = true;
  /** The file read in bulk by rebuilds; an in-memory database has no file another connection could read. */
  readonly logScan?: LogScan;

  constructor(
    readonly file: string,
    options: SqliteEventStoreOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    const synchronous = options.synchronous ?? 'FULL';
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SQLITE_SCHEMA);
    this.db
      .prepare(`INSERT OR IGNORE INTO checkpoints (name, position, updated_at) SELECT ?, COALESCE(MAX(position), 0), ? FROM events`)
      .run(CANONICAL_JSON_AFTER, new Date().toISOString());
    this.tuning = { pageSize: options.pageSize ?? 1000, pollIntervalMs: options.pollIntervalMs ?? 250 };
    // An in-memory database exists only for this connection, so it also takes the writes.
    this.writer = new SqliteWriter(file === ':memory:' ? this.db : file, synchronous, (commit) => {
      this.commits++;
      options.onCommit?.(commit);
      this.wake();
    });
    if (file !== ':memory:') {
      this.checkpointer = new WalCheckpointer(this.db, file, undefined, (on) => this.writer.setAutoCheckpoint(on));
      const source = { kind: 'sqlite', file } as const;
      this.logScan = { source, open: () => openLogScan(source), subscribeRows: (options) => this.subscribeRows(options) };
    }
    const db = this.db;
    this.statements = {
      readForward: db.prepare<[string, number, number, number], EventRow>(
        `SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ?
         ORDER BY revision ASC LIMIT ?`,
      ),
      readBackward: db.prepare<[string, number, number, number], EventRow>(
        `SELECT * FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ?
         ORDER BY revision DESC LIMIT ?`,
      ),
      readAll: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      readRows: db
        .prepare<[number, number], LogRow>(`SELECT ${LOG_ROW_COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`)
        .raw(true),
      headPosition: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
      loadCheckpoint: db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?'),
    };
    const { loadCheckpoint } = this.statements;
    this.checkpoints = {
      load: async (name) => {
        const row = loadCheckpoint.get(name);
        return row ? BigInt(row.position) : undefined;
      },
      save: async (name, position) => {
        this.assertOpen();
        await this.writer.saveCheckpoint(name, Number(position), new Date().toISOString());
      },
    };
  }

  async append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    assertEvents(events);
    const expected = options.expectedRevision;
    const outcome = await this.writer
      .append({
        streamId,
        expected: typeof expected === 'bigint' ? Number(expected) : expected,
        events: events.map((e) => [e.eventId, e.type, canonicalJson(e.data), canonicalJson(e.metadata ?? {})]),
      })
      // The batch's commit failed: nothing in it was stored.
      .catch((error: unknown) => {
        throw isStorageFailure(error) ? storageUnavailable(`append to ${streamId} refused`) : error;
      });
    if (outcome.ok) return { nextRevision: BigInt(outcome.revision), position: BigInt(outcome.position) };
    switch (outcome.refused) {
      case 'revision':
        throw concurrencyError(streamId, expected, outcome.actual === null ? undefined : BigInt(outcome.actual));
      case 'event-id':
        throw new ConcurrencyError(`append to ${streamId} refused: an event with this id is already stored`, { streamId });
      case 'stream':
        throw new ConcurrencyError(`append to ${streamId} refused: stream changed concurrently`, { streamId });
      case null: {
        const error = Object.assign(new Error(outcome.message), { code: outcome.code });
        throw isStorageFailure(error) ? storageUnavailable(`append to ${streamId} refused`) : error;
      }
      default:
        return assertNever(outcome);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readBackward.all(
            streamId,
            toInt(options.fromRevision, Number.MAX_SAFE_INTEGER),
            toInt(options.toRevision, 0),
            max,
          )
        : this.statements.readForward.all(
            streamId,
            toInt(options.fromRevision, 0),
            toInt(options.toRevision, Number.MAX_SAFE_INTEGER),
            max,
          );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.statements.readAll.all(toInt(options.fromPosition, 0), options.limit ?? this.tuning.pageSize).map(toRecorded);
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return pollingSubscription(
      (o) => this.readAll(o),
      (event) => event.position,
      this.appends,
      options,
      this.tuning,
    );
  }

  private subscribeRows(options: FeedOptions<LogRow>): Subscription {
    this.assertOpen();
    const read = async ({ fromPosition, limit }: { fromPosition?: bigint; limit: number }) => {
      this.assertOpen();
      return this.statements.readRows.all(toInt(fromPosition, 0), limit);
    };
    return pollingSubscription(read, (row) => BigInt(row[0]), this.appends, options, this.tuning);
  }

  /** What a polling feed watches: this process's commits, and a wait for the next one. */
  private readonly appends = {
    count: () => this.commits,
    wait: (ms: number, signal: AbortSignal) => this.waitForAppend(ms, signal),
  };

  async headPosition(): Promise<bigint | undefined> {
    const { position } = this.statements.headPosition.get() ?? { position: null };
    return position === null ? undefined : BigInt(position);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already accepted are committed, not dropped.
    await this.writer.close();
    this.wake();
    this.checkpointer?.close();
    this.db.close();
  }

  /** Resolves on the next append in this process, after `timeoutMs`, or when aborted. */
  private waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done);
      this.waiters.add(done);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private assertOpen(): void {
    assertOpen(this.closed);
  }
}

const toInt = (value: bigint | undefined, fallback: number): number => (value === undefined ? fallback : Number(value));

const toRecorded = (row: EventRow): RecordedEvent => ({
  streamId: row.stream_id,
  revision: BigInt(row.revision),
  position: BigInt(row.position),
  eventId: row.event_id,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
});
