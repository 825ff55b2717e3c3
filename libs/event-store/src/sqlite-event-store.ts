import Database from 'better-sqlite3';
import { ConcurrencyError } from '@policy/domain';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
import { checkExpectedRevision } from './expected-revision';
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
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly waiters = new Set<() => void>();
  private readonly statements;
  private readonly tuning: { pageSize: number; pollIntervalMs: number };
  private closed = false;
  readonly checkpoints: CheckpointStore;

  constructor(readonly file: string, options: SqliteEventStoreOptions = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.tuning = { pageSize: options.pageSize ?? 1000, pollIntervalMs: options.pollIntervalMs ?? 250 };
    const db = this.db;
    this.statements = {
      head: db.prepare<[string], { revision: number }>(
        'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      insert: db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
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
      saveCheckpoint: db.prepare(
        `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      ),
    };
    const { loadCheckpoint, saveCheckpoint } = this.statements;
    this.checkpoints = {
      load: async (name) => {
        const row = loadCheckpoint.get(name);
        return row ? BigInt(row.position) : undefined;
      },
      save: async (name, position) => {
        saveCheckpoint.run(name, Number(position), new Date().toISOString());
      },
    };
  }

  private readonly appendTx = (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) =>
    this.db
      .transaction((): AppendResult => {
        const head = this.statements.head.get(streamId);
        const current = head === undefined ? undefined : BigInt(head.revision);
        checkExpectedRevision(streamId, expected, current);
        let revision = current ?? -1n;
        let position = 0n;
        const now = new Date().toISOString();
        for (const event of events) {
          revision += 1n;
          const result = this.statements.insert.run(
            streamId,
            Number(revision),
            event.eventId,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata ?? {}),
            now,
          );
          position = BigInt(result.lastInsertRowid);
        }
        return { nextRevision: revision, position };
      })
      .immediate();

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('append needs at least one event');
    let result: AppendResult;
    try {
      result = this.appendTx(streamId, events, options.expectedRevision);
    } catch (error) {
      throw translate(error, streamId);
    }
    this.wake();
    return result;
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
    return pollingSubscription((o) => this.readAll(o), (ms, signal) => this.waitForAppend(ms, signal), options, this.tuning);
  }

  async headPosition(): Promise<bigint | undefined> {
    const { position } = this.statements.headPosition.get() ?? { position: null };
    return position === null ? undefined : BigInt(position);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
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

/** A unique-key clash means another writer got there first: the caller's view is stale. */
const translate = (error: unknown, streamId: string): unknown => {
  if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const what = error.message.includes('event_id') ? 'an event with this id is already stored' : 'stream changed concurrently';
    return new ConcurrencyError(`append to ${streamId} refused: ${what}`, { streamId });
  }
  return error;
};
