import { CANONICAL_JSON_AFTER, EventStore, LogRow, RecordedEvent } from '@policy/event-store';
import { leafHash, ledgerEntry, ledgerEntryFromCanonicalColumns } from '@policy/ledger';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LeafBatch, LeafHasherTask } from './leaf-hasher.worker';

export type PositionedLeaf = { position: number; hash: Buffer };

/** The entry of an event read through the port (data and metadata parsed). */
export const entryOfRecorded = (event: RecordedEvent): string =>
  ledgerEntry({
    position: Number(event.position),
    streamId: event.streamId,
    revision: Number(event.revision),
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });

/**
 * The entry of a scanned row: rows the store wrote as canonical JSON (after `canonicalAfter`)
 * are joined as they are, older ones parsed and canonicalised.
 */
export const entryOfRow = (row: LogRow, canonicalAfter: number): string => {
  const [position, streamId, revision, eventId, type, data, metadata] = row;
  return position > canonicalAfter
    ? ledgerEntryFromCanonicalColumns(position, streamId, revision, eventId, type, data, metadata)
    : ledgerEntry({ position, streamId, revision, eventId, type, data: JSON.parse(data), metadata: JSON.parse(metadata) });
};

/** The last position whose row may not be canonical JSON (written by an older release); none on another store. */
export const canonicalAfterOf = async (store: EventStore): Promise<number> => {
  const marker = await store.checkpoints.load(CANONICAL_JSON_AFTER);
  return marker === undefined ? Number.MAX_SAFE_INTEGER : Number(marker);
};

const BATCH = 20_000;
/** Compiled beside this file in dist/; absent where the sources run through ts-jest (then all is inline). */
const HASHER = join(__dirname, 'leaf-hasher.worker.js');
/** Smaller batches from the thread: the inserts start sooner and the last batch's wait is shorter. */
const THREAD_BATCH = 4096;
/** Below this many events a thread costs more to start than it saves. */
const HASHER_FROM = 50_000;

/**
 * Hands the leaves of every event after `after` to `onBatch`, in position order and in batches
 * (one tree transaction each). A store that can be scanned in bulk is read row by row from its
 * file — on a second thread when the tail is long, so that hashing and the tree's inserts run at
 * once; any other store is paged through `readAll`. Returns how many leaves it handed over.
 */
export const scanLeaves = async (
  store: EventStore,
  after: number,
  onBatch: (leaves: PositionedLeaf[]) => void,
  options: { thread?: boolean } = {},
): Promise<number> => {
  let count = 0;
  let batch: PositionedLeaf[] = [];
  const push = (leaf: PositionedLeaf) => {
    batch.push(leaf);
    if (batch.length >= BATCH) {
      onBatch(batch);
      count += batch.length;
      batch = [];
    }
  };
  if (store.logScan) {
    const canonicalAfter = await canonicalAfterOf(store);
    const reader = store.logScan.open();
    const head = reader.head();
    if (options.thread ?? (existsSync(HASHER) && head - after >= HASHER_FROM)) {
      reader.close();
      return hashOnThread({ source: store.logScan.source, after, head, canonicalAfter, batch: THREAD_BATCH }, onBatch);
    }
    try {
      for (const row of reader.rows({}, after, head)) push({ position: row[0], hash: leafHash(entryOfRow(row, canonicalAfter)) });
    } finally {
      reader.close();
    }
  } else {
    for (let from = BigInt(after); ;) {
      const page = await store.readAll({ fromPosition: from, limit: 1000 });
      if (page.length === 0) break;
      for (const event of page) push({ position: Number(event.position), hash: leafHash(entryOfRecorded(event)) });
      from = page.at(-1)!.position;
    }
  }
  if (batch.length > 0) onBatch(batch);
  return count + batch.length;
};

/** The leaves hashed on a worker thread (`leaf-hasher.worker`), each batch handed to `onBatch` as it comes. */
const hashOnThread = (task: LeafHasherTask, onBatch: (leaves: PositionedLeaf[]) => void): Promise<number> =>
  new Promise((resolve, reject) => {
    if (!existsSync(HASHER)) return reject(new Error(`${HASHER} is missing: run npm run build`));
    const worker = new Worker(HASHER, { workerData: task });
    let count = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    worker.on('message', (message: LeafBatch) => {
      if (settled) return;
      if ('done' in message) {
        settled = true;
        return resolve(count);
      }
      const positions = new Float64Array(message.positions);
      const hashes = Buffer.from(message.hashes);
      const leaves: PositionedLeaf[] = [];
      for (let i = 0; i < message.count; i++) leaves.push({ position: positions[i]!, hash: hashes.subarray(i * 32, i * 32 + 32) });
      try {
        onBatch(leaves);
      } catch (error) {
        return fail(error);
      }
      count += leaves.length;
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the leaf hashing thread stopped (exit code ${code}) before it was done`)));
  });
