import { CANONICAL_JSON_AFTER, EventStore, LogRow, RecordedEvent } from '@policy/event-store';
import { leafHash, ledgerEntry, ledgerEntryFromCanonicalColumns } from '@policy/ledger';

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

const BATCH = 20_000;

/**
 * Hands the leaves of every event after `after` to `onBatch`, in position order and in batches
 * (one tree transaction each). A store that can be scanned in bulk is read row by row from its
 * file; any other is paged through `readAll`. Returns how many leaves it handed over.
 */
export const scanLeaves = async (store: EventStore, after: number, onBatch: (leaves: PositionedLeaf[]) => void): Promise<number> => {
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
    const marker = await store.checkpoints.load(CANONICAL_JSON_AFTER);
    const canonicalAfter = marker === undefined ? Number.MAX_SAFE_INTEGER : Number(marker);
    const reader = store.logScan.open();
    try {
      for (const row of reader.rows({}, after, reader.head())) push({ position: row[0], hash: leafHash(entryOfRow(row, canonicalAfter)) });
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
