import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { storeClosedError } from '../store-guards';
import { Committer, committer } from './sqlite-committer';
import type { WireAppend, WireOutcome, WriterCall, WriterReply, WriterThreadData } from './sqlite-writer.protocol';
import { startWorker } from './start-worker';

/** Appends per group-commit transaction: bounds how long one commit holds the write lock. */
const MAX_BATCH = 1000;

type Call = { resolve: (result: unknown) => void; reject: (error: unknown) => void };
type Pending = { append: WireAppend; resolve: (outcome: WireOutcome) => void; reject: (error: unknown) => void };

/**
 * The write side of the SQLite store: a connection on a worker thread, so a commit's fsync
 * never blocks the event loop. Appends queue while a batch is being committed and go together
 * in the next one (group commit): the slower the disk, the larger the batches. For an
 * in-memory database, which only its own connection can see, it commits on the caller's
 * connection instead.
 */
/** One group commit: how many appends it took, and how long its transaction (and fsync) took. */
export interface CommitTiming {
  readonly appends: number;
  readonly seconds: number;
}

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

  /** The file the thread opens; undefined when committing on the caller's connection. */
  private readonly file?: string;

  constructor(
    target: string | Database.Database,
    private readonly synchronous: 'FULL' | 'NORMAL',
    private readonly onCommitted: (commit: CommitTiming) => void,
  ) {
    if (typeof target === 'string') this.file = target;
    else this.local = committer(target);
  }

  /** See `autoCheckpoint`; applies to the running thread and to any started later. */
  setAutoCheckpoint(on: boolean): void {
    this.autoCheckpoint = on;
    this.worker?.postMessage({ kind: 'autocheckpoint', pages: on ? 1000 : 0 });
  }

  append(append: WireAppend): Promise<WireOutcome> {
    if (this.closing) return Promise.reject(storeClosedError());
    return new Promise((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      // setImmediate runs after this turn's I/O callbacks: every request that arrived
      // meanwhile has queued its append by then and joins the batch.
      if (!this.committing && this.queue.length === 1) setImmediate(() => this.commitNext());
    });
  }

  async saveCheckpoint(name: string, position: number, at: string): Promise<void> {
    if (this.closing) throw storeClosedError();
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
    const started = performance.now();
    const done = (outcomes: WireOutcome[] | undefined, error?: unknown) => {
      this.committing = false;
      batch.forEach((pending, i) => (outcomes ? pending.resolve(outcomes[i]) : pending.reject(error)));
      if (outcomes) this.onCommitted({ appends: batch.length, seconds: (performance.now() - started) / 1000 });
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

  private call(message: WriterCall): Promise<unknown> {
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
    if (this.file === undefined) throw new Error('an in-memory store commits on its own connection, not on a thread');
    const workerData: WriterThreadData = {
      file: this.file,
      synchronous: this.synchronous,
      autoCheckpointPages: this.autoCheckpoint ? 1000 : 0,
    };
    const worker = startWorker(__dirname, 'sqlite-writer.worker', { workerData });
    worker.unref();
    worker.on('message', (message: WriterReply) => {
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
      for (const call of calls)
        call.reject(new Error(`the event store's writer thread stopped: ${error instanceof Error ? error.message : String(error)}`));
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
