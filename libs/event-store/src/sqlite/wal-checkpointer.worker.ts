import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/** What the checkpoint thread is started with. */
export interface CheckpointerThreadData {
  readonly file: string;
  readonly everyMs: number;
  /** Set to 1 (and notified) once the thread's connection is closed. */
  readonly closed: Int32Array;
}

/**
 * Entry point of a WalCheckpointer's thread: PASSIVE checkpoints of the file on a connection of
 * its own, every `everyMs`, until any message asks it to close.
 */
const port = parentPort!;
const settings = workerData as CheckpointerThreadData;
const db = new Database(settings.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = (): void => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy or failed checkpoint is retried on the next tick; the WAL only grows meanwhile.
  }
};
const timer = setInterval(checkpoint, settings.everyMs);
port.on('message', () => {
  clearInterval(timer);
  db.close();
  Atomics.store(settings.closed, 0, 1);
  Atomics.notify(settings.closed, 0);
  port.close();
});
