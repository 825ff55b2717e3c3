/**
 * The tables of the embedded store's file, created by whoever opens it first (the store, or
 * the bulk loader for a new file). `position` is the global commit order; AUTOINCREMENT never
 * hands out a position twice, even after the rows that held it are gone.
 */
export const SQLITE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id  TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    event_id   TEXT    NOT NULL UNIQUE,
    type       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    metadata   TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE IF NOT EXISTS checkpoints (
    name       TEXT    PRIMARY KEY,
    position   INTEGER NOT NULL,
    updated_at TEXT    NOT NULL
  );
`;

/**
 * The checkpoint that says from where `data` and `metadata` are stored as RFC 8785 canonical
 * JSON: every event after its position (set once, when a release that writes them so first
 * opened the file). The ledger hashes those rows from their text as it is, and canonicalises
 * older ones by parsing them.
 */
export const CANONICAL_JSON_AFTER = 'canonical-json-after';

/** The columns of a `LogRow`, in its order: what the log scan and the raw-row feed select. */
export const LOG_ROW_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata';

/** A row of `events` as better-sqlite3 returns it; data and metadata are JSON text. */
export type EventRow = {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
};
