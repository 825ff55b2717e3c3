import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** An append as it crosses to the writer thread: plain data, the event bodies already JSON. */
export interface WireAppend {
  readonly streamId: string;
  /** `'no-stream'`, `'exists'`, `'any'`, or the revision the stream's last event must have. */
  readonly expected: 'no-stream' | 'exists' | 'any' | number;
  /** `[eventId, type, data, metadata]`, data and metadata as JSON text. */
  readonly events: readonly (readonly [string, string, string, string])[];
}

/**
 * How one append of a batch ended. Refusals are the caller's stale view (the stream is not at
 * the expected revision, an event id is taken); anything else is a failure of the store.
 */
export type WireOutcome =
  | { readonly ok: true; readonly revision: number; readonly position: number }
  | { readonly ok: false; readonly refused: 'revision'; readonly actual: number | null }
  | { readonly ok: false; readonly refused: 'event-id' | 'stream' }
  | { readonly ok: false; readonly refused: null; readonly code?: string; readonly message: string };

/** Appends per group-commit transaction: bounds how long one commit holds the write lock. */
const MAX_BATCH = 1000;

interface Committer {
  appends(batch: readonly WireAppend[], now: string): WireOutcome[];
  checkpoint(name: string, position: number, at: string): void;
}

/**
 * The store's writes on one connection. It refers to nothing outside its parameter, because
 * its source text is also what the writer thread runs (see WRITER_THREAD).
 *
 * A batch is one `BEGIN IMMEDIATE` transaction, so one fsync covers it; each append runs in a
 * savepoint of its own, so a refused one rolls back alone (releasing the positions it took,
 * which keeps them gap-free) while the others commit. Appends to one stream see each other in
 * batch order.
 */
// Coverage instrumentation would put counters in the source text, which the thread cannot see.
/* istanbul ignore next */
const committer = (db: Database.Database): Committer => {
  const head = db.prepare<[string], { revision: number }>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const saveCheckpoint = db.prepare(
    `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
  );
  const one = db.transaction((append: WireAppend, now: string): WireOutcome => {
    const row = head.get(append.streamId);
    const current = row === undefined ? null : row.revision;
    const expected = append.expected;
    const matches =
      expected === 'any' ||
      (expected === 'no-stream' && current === null) ||
      (expected === 'exists' && current !== null) ||
      (typeof expected === 'number' && current === expected);
    // Thrown, not returned, so that the savepoint rolls back.
    if (!matches) throw { refused: 'revision', actual: current };
    let revision = current ?? -1;
    let position = 0;
    for (const [eventId, type, data, metadata] of append.events) {
      revision += 1;
      position = Number(insert.run(append.streamId, revision, eventId, type, data, metadata, now).lastInsertRowid);
    }
    return { ok: true, revision, position };
  });
  const batch = db.transaction((appends: readonly WireAppend[], now: string): WireOutcome[] =>
    appends.map((append): WireOutcome => {
      try {
        return one(append, now);
      } catch (error) {
        // On some errors (disk full, I/O) SQLite rolls back the whole transaction, not just
        // the savepoint. Carrying on would run the remaining appends as transactions of their
        // own, stored while the batch is reported failed: abort it all instead.
        if (!db.inTransaction) throw error;
        const { refused, actual, code, message } = (error ?? {}) as { refused?: string; actual?: number | null; code?: string; message?: string };
        if (refused === 'revision') return { ok: false, refused: 'revision', actual: actual ?? null };
        // By its code alone: a unique-key clash means another writer got there first.
        if (code === 'SQLITE_CONSTRAINT_UNIQUE') return { ok: false, refused: String(message).includes('event_id') ? 'event-id' : 'stream' };
        return { ok: false, refused: null, code, message: String(message ?? error) };
      }
    }),
  );
  return {
    appends: (appends, now) => batch.immediate(appends, now),
    checkpoint: (name, position, at) => void saveCheckpoint.run(name, position, at),
  };
};

/** The writer thread: its own connection to the file, serving `committer` over messages. */
const WRITER_THREAD = `
  const { parentPort, workerData } = require('node:worker_threads');
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('synchronous = ' + workerData.synchronous);
  db.pragma('busy_timeout = 5000');
  db.pragma('wal_autocheckpoint = ' + workerData.autoCheckpointPages);
  const commit = (${committer.toString()})(db);
  parentPort.on('message', (message) => {
    if (message.kind === 'close') {
      db.close();
      parentPort.close();
      return;
    }
    if (message.kind === 'autocheckpoint') {
      db.pragma('wal_autocheckpoint = ' + message.pages);
      return;
    }
    try {
      const result = message.kind === 'appends'
        ? commit.appends(message.appends, new Date().toISOString())
        : commit.checkpoint(message.name, message.position, message.at);
      parentPort.postMessage({ id: message.id, result });
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: { code: error && error.code, message: String((error && error.message) || error) } });
    }
  });
`;

type Call = { resolve: (result: unknown) => void; reject: (error: unknown) => void };
type Pending = { append: WireAppend; resolve: (outcome: WireOutcome) => void; reject: (error: unknown) => void };

/**
 * The write side of the SQLite store: a connection on a worker thread, so a commit's fsync
 * never blocks the event loop. Appends queue while a batch is being committed and go together
 * in the next one (group commit): the slower the disk, the larger the batches. For an
 * in-memory database, which only its own connection can see, it commits on the caller's
 * connection instead.
 */
export class SqliteWriter {
  private worker?: Worker;
  private readonly local?: Committer;
  private readonly queue: Pending[] = [];
  private readonly calls = new Map<number, Call>();
  private nextId = 1;
  private committing = false;
  private drained: (() => void)[] = [];
  private closing = false;
  /**
   * Whether the writing connection checkpoints the WAL itself (SQLite's default, every 1000
   * pages, inside the commit that crosses it) or leaves it to a WalCheckpointer's thread.
   */
  private autoCheckpoint = true;

  constructor(
    private readonly target: string | Database.Database,
    private readonly synchronous: 'FULL' | 'NORMAL',
    private readonly onCommitted: () => void,
  ) {
    if (typeof target !== 'string') this.local = committer(target);
  }

  /** See `autoCheckpoint`; applies to the running thread and to any started later. */
  setAutoCheckpoint(on: boolean): void {
    this.autoCheckpoint = on;
    this.worker?.postMessage({ kind: 'autocheckpoint', pages: on ? 1000 : 0 });
  }

  append(append: WireAppend): Promise<WireOutcome> {
    if (this.closing) return Promise.reject(new Error('event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      // setImmediate runs after this turn's I/O callbacks: every request that arrived
      // meanwhile has queued its append by then and joins the batch.
      if (!this.committing && this.queue.length === 1) setImmediate(() => this.commitNext());
    });
  }

  async saveCheckpoint(name: string, position: number, at: string): Promise<void> {
    if (this.closing) throw new Error('event store is closed');
    if (this.local) return this.local.checkpoint(name, position, at);
    await this.call({ kind: 'checkpoint', name, position, at });
  }

  /** Commits what is queued (refusing anything new), then stops the writer thread. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.committing || this.queue.length > 0 || this.calls.size > 0) {
      await new Promise<void>((resolve) => this.drained.push(resolve));
    }
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // An idle thread is unreferenced: without this the process could end before it has
    // closed its connection, and whatever the caller does after `close` would never run.
    worker.ref();
    worker.postMessage({ kind: 'close' });
    await exited;
  }

  private commitNext(): void {
    if (this.committing || this.queue.length === 0) return this.settleDrain();
    const batch = this.queue.splice(0, MAX_BATCH);
    const appends = batch.map((pending) => pending.append);
    this.committing = true;
    const done = (outcomes: WireOutcome[] | undefined, error?: unknown) => {
      this.committing = false;
      batch.forEach((pending, i) => (outcomes ? pending.resolve(outcomes[i]) : pending.reject(error)));
      if (outcomes) this.onCommitted();
      this.commitNext();
    };
    if (this.local) {
      let outcomes: WireOutcome[];
      try {
        outcomes = this.local.appends(appends, new Date().toISOString());
      } catch (error) {
        // The commit itself failed (disk full, lock timeout): nothing in the batch was stored.
        return done(undefined, error);
      }
      return done(outcomes);
    }
    this.call({ kind: 'appends', appends }).then(
      (outcomes) => done(outcomes as WireOutcome[]),
      (error: unknown) => done(undefined, error),
    );
  }

  private call(message: Record<string, unknown>): Promise<unknown> {
    const worker = this.thread();
    const id = this.nextId++;
    // Referenced only while a call is out, so an idle store never keeps the process alive
    // and a pending one always gets its answer.
    if (this.calls.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WRITER_THREAD, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: this.target,
        synchronous: this.synchronous,
        autoCheckpointPages: this.autoCheckpoint ? 1000 : 0,
      },
    });
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: { code?: string; message: string } }) => {
      const call = this.calls.get(message.id);
      if (!call) return;
      this.calls.delete(message.id);
      if (this.calls.size === 0) worker.unref();
      if (message.error) call.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else call.resolve(message.result);
      this.settleDrain();
    });
    // The thread failed to start or died: whatever was out has an unknown outcome (a batch
    // may have committed before the thread died; its appends are reported failed, and a client
    // retrying without an Idempotency-Key may then store a write twice). The next write starts
    // a new thread.
    const fail = (error: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      const calls = [...this.calls.values()];
      this.calls.clear();
      for (const call of calls) call.reject(new Error(`the event store's writer thread stopped: ${error instanceof Error ? error.message : String(error)}`));
      this.settleDrain();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.calls.size > 0) fail(new Error(`exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private settleDrain(): void {
    if (this.committing || this.queue.length > 0 || this.calls.size > 0) return;
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
