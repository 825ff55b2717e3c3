import Database from 'better-sqlite3';
import { assertNever, ConcurrencyError } from '@policy/domain';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  AppendResult,
  CheckpointStore,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port';
import { concurrencyError } from './expected-revision';
import { SqliteWriter } from './sqlite-writer';
import { pollingSubscription } from './polling-subscription';

export interface SqliteEventStoreOptions {
  /**
   * `FULL` (default) fsyncs the WAL on every commit, so an answered append survives power
   * loss as well as a killed process; `NORMAL` survives a killed process only, and is faster.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How often a live subscription looks for appends made by other processes. */
  readonly pollIntervalMs?: number;
  readonly pageSize?: number;
}

type EventRow = {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
};

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id  TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    event_id   TEXT    NOT NULL UNIQUE,
    type       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    metadata   TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE IF NOT EXISTS checkpoints (
    name       TEXT    PRIMARY KEY,
    position   INTEGER NOT NULL,
    updated_at TEXT    NOT NULL
  );
`;

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

  constructor(readonly file: string, options: SqliteEventStoreOptions = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    const synchronous = options.synchronous ?? 'FULL';
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.tuning = { pageSize: options.pageSize ?? 1000, pollIntervalMs: options.pollIntervalMs ?? 250 };
    // An in-memory database exists only for this connection, so it also takes the writes.
    this.writer = new SqliteWriter(file === ':memory:' ? this.db : file, synchronous, () => {
      this.commits++;
      this.wake();
    });
    if (file !== ':memory:') this.checkpointer = new WalCheckpointer(this.db, file, undefined, (on) => this.writer.setAutoCheckpoint(on));
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
      readAll: db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?',
      ),
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

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = options.expectedRevision;
    const outcome = await this.writer.append({
      streamId,
      expected: typeof expected === 'bigint' ? Number(expected) : expected,
      events: events.map((e) => [e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata ?? {})]),
    });
    if (outcome.ok) return { nextRevision: BigInt(outcome.revision), position: BigInt(outcome.position) };
    switch (outcome.refused) {
      case 'revision':
        throw concurrencyError(streamId, expected, outcome.actual === null ? undefined : BigInt(outcome.actual));
      case 'event-id':
        throw new ConcurrencyError(`append to ${streamId} refused: an event with this id is already stored`, { streamId });
      case 'stream':
        throw new ConcurrencyError(`append to ${streamId} refused: stream changed concurrently`, { streamId });
      case null:
        throw Object.assign(new Error(outcome.message), { code: outcome.code });
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
    return this.statements.readAll
      .all(toInt(options.fromPosition, 0), options.limit ?? this.tuning.pageSize)
      .map(toRecorded);
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return pollingSubscription(
      (o) => this.readAll(o),
      { count: () => this.commits, wait: (ms, signal) => this.waitForAppend(ms, signal) },
      options,
      this.tuning,
    );
  }

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
    if (this.closed) throw new Error('event store is closed');
  }
}

const toInt = (value: bigint | undefined, fallback: number): number =>
  value === undefined ? fallback : Number(value);

const toRecorded = (row: EventRow): RecordedEvent => ({
  streamId: row.stream_id,
  revision: BigInt(row.revision),
  position: BigInt(row.position),
  eventId: row.event_id,
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
});

/**
 * Runs the WAL checkpoints of a SQLite file on a worker thread, with a connection of its own,
 * instead of inside whichever commit crosses the auto-checkpoint threshold: a checkpoint copies
 * megabytes and fsyncs twice, and on the event loop that is a pause every few thousand writes
 * that every request in flight waits out (the p99 of appends). PASSIVE checkpoints never block
 * writers or readers. If the worker cannot run, the connection keeps checkpointing itself.
 */
export class WalCheckpointer {
  private worker?: Worker;
  /** Set to 1 by the worker once its connection is closed. */
  private readonly closed = new Int32Array(new SharedArrayBuffer(4));

  /**
   * @param autoCheckpoint turns the writing connection's own checkpoints off while this runs and
   *   back on if it stops (by default `db`'s; the event store writes on another connection).
   */
  constructor(
    db: Database.Database,
    file: string,
    everyMs = 500,
    autoCheckpoint: (on: boolean) => void = (on) => {
      if (db.open) db.pragma(`wal_autocheckpoint = ${on ? 1000 : 0}`);
    },
  ) {
    try {
      this.worker = new Worker(CHECKPOINT_WORKER, {
        eval: true,
        workerData: { driver: require.resolve('better-sqlite3'), file, everyMs, closed: this.closed },
      });
      this.worker.unref();
      // Errors there (a locked file, say) are worth no crash: the writing connection takes
      // checkpoints back as soon as the worker is gone.
      this.worker.on('error', () => {
        this.worker = undefined;
        autoCheckpoint(true);
      });
      autoCheckpoint(false);
    } catch {
      this.worker = undefined;
    }
  }

  /**
   * Waits (blocking, a few milliseconds) until the worker's connection is closed, so that the
   * caller's own close is the last one and the file can be renamed or deleted safely.
   */
  close(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.postMessage('close');
    Atomics.wait(this.closed, 0, 0, 10_000);
  }
}

const CHECKPOINT_WORKER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 1000');
  const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
  const timer = setInterval(checkpoint, workerData.everyMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    db.close();
    Atomics.store(workerData.closed, 0, 1);
    Atomics.notify(workerData.closed, 0);
    parentPort.close();
  });
`;

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

  constructor(readonly file: string, private readonly eventsPerTransaction = 20_000) {
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file)) throw new Error(`${file} exists: the bulk loader only creates a new store file`);
    this.db = new Database(file);
    // A new file that is thrown away if the load fails needs neither a journal nor fsyncs.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    // Random event ids make the unique index a random-write workload: keep it in memory.
    this.db.pragma('cache_size = -262144');
    this.db.exec(SCHEMA);
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
      JSON.stringify(event.data),
      JSON.stringify(event.metadata ?? {}),
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
