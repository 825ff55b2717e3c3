import type { LogRow } from '@policy/event-store/log-scan';
import { ledgerEntry, ledgerEntryFromCanonicalColumns } from '@policy/ledger';

// Kept apart from log-leaves.ts so the hashing thread loads only this and the log scan, not the
// whole store library (its start is part of every threaded build).

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
