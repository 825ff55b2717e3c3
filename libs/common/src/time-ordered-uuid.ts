import { randomBytes } from 'node:crypto';
import { uuidFromHex } from './name-based-uuid';

/**
 * A new random UUID that sorts by when it was made (RFC 9562 version 7: the Unix time in
 * milliseconds in the first 48 bits, 74 random bits after it). Events get ids of this kind: the
 * log's unique index on event ids then grows at its end, where a random (version 4) id lands
 * on any of its pages — on a million-event log that made a group commit of 30 appends dirty
 * about as many index pages, and the WAL append it fsyncs grew with them.
 */
export const timeOrderedUuid = (nowMs: number = Date.now()): string => {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return uuidFromHex(bytes.toString('hex'));
};
