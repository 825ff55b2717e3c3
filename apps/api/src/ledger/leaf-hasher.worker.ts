import { LogScanSource, openLogScan } from '@policy/event-store/log-scan';
import { leafHash } from '@policy/ledger';
import { parentPort, workerData } from 'node:worker_threads';
import { entryOfRow } from './row-entry';

/** What the thread hashes: the rows after `after` up to `head`, in batches of `batch` leaves. */
export interface LeafHasherTask {
  readonly source: LogScanSource;
  readonly after: number;
  readonly head: number;
  readonly canonicalAfter: number;
  readonly batch: number;
  /** One Int32: how many batches the caller has taken; the thread stays at most `ahead` batches ahead of it. */
  readonly consumed: SharedArrayBuffer;
  readonly ahead: number;
}

/** A batch of leaves, in position order: `count` positions and their 32-byte hashes, end to end; or the end, with what was sent. */
export type LeafBatch = { count: number; positions: ArrayBuffer; hashes: ArrayBuffer } | { done: true; count: number; last: number };

// Reading the rows, joining their entries and hashing them is most of a tree build; on this
// thread it runs beside the tree inserts on the caller's. Batches are handed over, not copied.
const task = workerData as LeafHasherTask;
const consumed = new Int32Array(task.consumed);
const reader = openLogScan(task.source);
let positions = new Float64Array(task.batch);
let hashes = Buffer.allocUnsafeSlow(task.batch * 32);
let count = 0;
let posted = 0;
let sent = 0;
let last = task.after;
const post = () => {
  // Waits while the caller has `ahead` batches still to take: memory stays bounded however long the log.
  for (let taken = Atomics.load(consumed, 0); posted - taken >= task.ahead; taken = Atomics.load(consumed, 0)) {
    Atomics.wait(consumed, 0, taken, 1000);
  }
  const batch: LeafBatch = { count, positions: positions.buffer, hashes: hashes.buffer as ArrayBuffer };
  parentPort!.postMessage(batch, [positions.buffer, hashes.buffer as ArrayBuffer]);
  posted++;
  sent += count;
  positions = new Float64Array(task.batch);
  hashes = Buffer.allocUnsafeSlow(task.batch * 32);
  count = 0;
};
try {
  for (const row of reader.rows({}, task.after, task.head)) {
    positions[count] = row[0];
    leafHash(entryOfRow(row, task.canonicalAfter)).copy(hashes, count * 32);
    last = row[0];
    count++;
    if (count === task.batch) post();
  }
  if (count > 0) post();
} finally {
  reader.close();
}
parentPort!.postMessage({ done: true, count: sent, last } satisfies LeafBatch);
