import { CANONICAL_JSON_AFTER, EventStore, RecordedEvent } from '@policy/event-store';
import { leafHash, ledgerEntry } from '@policy/ledger';
import { existsSync } from 'node:fs';
import { HASHER, hashOnThread, HashingThreadFailed } from './leaf-hashing-thread';
import { entryOfRow } from './row-entry';

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

/** The last position whose row may not be canonical JSON (written by an older release); none on another store. */
export const canonicalAfterOf = async (store: EventStore): Promise<number> => {
  const marker = await store.checkpoints.load(CANONICAL_JSON_AFTER);
  return marker === undefined ? Number.MAX_SAFE_INTEGER : Number(marker);
};

const BATCH = 20_000;
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
  options: {
    /** On a thread or not; by default on one when the build has it and the tail is long. */
    thread?: boolean;
    /** Stops a scan on a thread (one on the calling thread holds it until done). */
    signal?: AbortSignal;
    /** Told when the thread failed and the scan went on without it. */
    onThreadFailed?: (failure: HashingThreadFailed) => void;
    /** The store's `canonicalAfterOf`, when the caller has read it already. */
    canonicalAfter?: number;
  } = {},
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
    const canonicalAfter = options.canonicalAfter ?? (await canonicalAfterOf(store));
    const reader = store.logScan.open();
    const head = reader.head();
    if (options.thread ?? (existsSync(HASHER) && head - after >= HASHER_FROM)) {
      reader.close();
      try {
        return await hashOnThread(
          { source: store.logScan.source, after, head, canonicalAfter, batch: THREAD_BATCH },
          onBatch,
          options.signal,
        );
      } catch (error) {
        if (!(error instanceof HashingThreadFailed)) throw error;
        options.onThreadFailed?.(error);
        return error.handedOver + (await scanLeaves(store, error.lastPosition, onBatch, { ...options, canonicalAfter, thread: false }));
      }
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
