import { LogScanSource, openLogScan } from '@policy/event-store';
import { leafHash } from '@policy/ledger';
import { parentPort, workerData } from 'node:worker_threads';
import { entryOfRow } from './log-leaves';

/** What the thread hashes: the rows after `after` up to `head`, in batches of `batch` leaves. */
export interface LeafHasherTask {
  readonly source: LogScanSource;
  readonly after: number;
  readonly head: number;
  readonly canonicalAfter: number;
  readonly batch: number;
}

/** A batch of leaves, in position order: `count` positions and their 32-byte hashes, end to end. */
export type LeafBatch = { count: number; positions: ArrayBuffer; hashes: ArrayBuffer } | { done: true };

// Reading the rows, joining their entries and hashing them is most of a tree build; on this
// thread it runs beside the tree inserts on the caller's. Batches are handed over, not copied.
const task = workerData as LeafHasherTask;
const reader = openLogScan(task.source);
let positions = new Float64Array(task.batch);
let hashes = Buffer.allocUnsafeSlow(task.batch * 32);
let count = 0;
const post = () => {
  const batch: LeafBatch = { count, positions: positions.buffer, hashes: hashes.buffer as ArrayBuffer };
  parentPort!.postMessage(batch, [positions.buffer, hashes.buffer as ArrayBuffer]);
  positions = new Float64Array(task.batch);
  hashes = Buffer.allocUnsafeSlow(task.batch * 32);
  count = 0;
};
try {
  for (const row of reader.rows({}, task.after, task.head)) {
    positions[count] = row[0];
    leafHash(entryOfRow(row, task.canonicalAfter)).copy(hashes, count * 32);
    count++;
    if (count === task.batch) post();
  }
  if (count > 0) post();
} finally {
  reader.close();
}
parentPort!.postMessage({ done: true } satisfies LeafBatch);
