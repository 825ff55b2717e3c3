import type Database from 'better-sqlite3';
import type { WireAppend, WireOutcome } from './sqlite-writer.protocol';

export interface Committer {
  appends(batch: readonly WireAppend[], now: string): WireOutcome[];
  checkpoint(name: string, position: number, at: string): void;
}

/**
 * The store's writes on one connection: on the writer thread (sqlite-writer.worker.ts), or on
 * the caller's connection for an in-memory database. Imports nothing but types, so that the
 * thread can load it from the sources too (see start-worker.ts).
 *
 * A batch is one `BEGIN IMMEDIATE` transaction, so one fsync covers it; each append runs in a
 * savepoint of its own, so a refused one rolls back alone (releasing the positions it took,
 * which keeps them gap-free) while the others commit. Appends to one stream see each other in
 * batch order.
 */
export const committer = (db: Database.Database): Committer => {
  const head = db.prepare<[string], { revision: number }>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const saveCheckpoint = db.prepare(
    `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
  );
  const one = db.transaction((append: WireAppend, now: string): WireOutcome => {
    const row = head.get(append.streamId);
    const current = row === undefined ? null : row.revision;
    const expected = append.expected;
    const matches =
      expected === 'any' ||
      (expected === 'no-stream' && current === null) ||
      (expected === 'exists' && current !== null) ||
      (typeof expected === 'number' && current === expected);
    // Thrown, not returned, so that the savepoint rolls back.
    if (!matches) throw { refused: 'revision', actual: current };
    let revision = current ?? -1;
    let position = 0;
    for (const [eventId, type, data, metadata] of append.events) {
      revision += 1;
      position = Number(insert.run(append.streamId, revision, eventId, type, data, metadata, now).lastInsertRowid);
    }
    return { ok: true, revision, position };
  });
  const batch = db.transaction((appends: readonly WireAppend[], now: string): WireOutcome[] =>
    appends.map((append): WireOutcome => {
      try {
        return one(append, now);
      } catch (error) {
        // On some errors (disk full, I/O) SQLite rolls back the whole transaction, not just
        // the savepoint. Carrying on would run the remaining appends as transactions of their
        // own, stored while the batch is reported failed: abort it all instead.
        if (!db.inTransaction) throw error;
        const { refused, actual, code, message } = (error ?? {}) as {
          refused?: string;
          actual?: number | null;
          code?: string;
          message?: string;
        };
        if (refused === 'revision') return { ok: false, refused: 'revision', actual: actual ?? null };
        // By its code alone: a unique-key clash means another writer got there first.
        if (code === 'SQLITE_CONSTRAINT_UNIQUE')
          return { ok: false, refused: String(message).includes('event_id') ? 'event-id' : 'stream' };
        return { ok: false, refused: null, code, message: String(message ?? error) };
      }
    }),
  );
  return {
    appends: (appends, now) => batch.immediate(appends, now),
    checkpoint: (name, position, at) => void saveCheckpoint.run(name, position, at),
  };
};
