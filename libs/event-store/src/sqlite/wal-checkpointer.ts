import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { startWorker } from './start-worker';
import type { CheckpointerThreadData } from './wal-checkpointer.worker';

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
      const workerData: CheckpointerThreadData = { file, everyMs, closed: this.closed };
      this.worker = startWorker(__dirname, 'wal-checkpointer.worker', { workerData });
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
