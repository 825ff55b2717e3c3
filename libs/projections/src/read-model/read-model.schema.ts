/**
 * Bumped whenever the tables or the reducer change meaning; a read model built by another
 * version is never used, it is rebuilt from the log.
 */
export const PROJECTION_VERSION = 4;

export const READ_MODEL_TABLES = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  -- One row per rule: where its history starts on both clocks (times are epoch milliseconds).
  CREATE TABLE IF NOT EXISTS rules (
    rule_id           TEXT    PRIMARY KEY,
    first_valid_from  INTEGER NOT NULL,
    first_recorded_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- One row per rule version. A version holds from valid_from (effective time) and is known
  -- from recorded_at; both only grow within a rule, so the version visible at (asOf, knownAt)
  -- is the last one with valid_from <= asOf and recorded_at <= knownAt. status and last_event
  -- are codes (stored-codes.codec.ts) to keep the row narrow.
  CREATE TABLE IF NOT EXISTS rule_versions (
    rule_id       TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    valid_from    INTEGER NOT NULL,
    recorded_at   INTEGER NOT NULL,
    status        INTEGER NOT NULL,
    last_event    INTEGER NOT NULL,
    terms_id      INTEGER NOT NULL,
    sources       INTEGER NOT NULL,
    tags_revision INTEGER NOT NULL
  );
  -- Terms as JSON with "sources":0 in place of the sources: written on a proposal or an
  -- amendment only, shared by the versions in between.
  CREATE TABLE IF NOT EXISTS rule_terms (id INTEGER PRIMARY KEY, terms TEXT NOT NULL);
  -- A rule's sources in the order they were first reported; a version has the first n.
  CREATE TABLE IF NOT EXISTS rule_sources (
    rule_id TEXT NOT NULL, seq INTEGER NOT NULL, source TEXT NOT NULL, PRIMARY KEY (rule_id, seq)
  ) WITHOUT ROWID;
  -- Filter words (kind 'p': product or family, 'd': destination country or party, 'a':
  -- authority, 's': '<item>|<country>' for screening; all lower case) of the versions whose tags_revision is this revision, with the
  -- clocks of that first version: no version of the revision is visible before both, so a
  -- list walking the words rejects rules not yet known at the asked time inside the index.
  CREATE TABLE IF NOT EXISTS rule_tags (
    kind TEXT NOT NULL, word TEXT NOT NULL, rule_id TEXT NOT NULL, revision INTEGER NOT NULL,
    valid_from INTEGER NOT NULL, recorded_at INTEGER NOT NULL
  );
`;

export const READ_MODEL_INDEXES = `
  CREATE UNIQUE INDEX IF NOT EXISTS rule_versions_by_rule ON rule_versions (rule_id, revision);
  -- Both clocks only grow within a rule, so ordered by either one a rule's versions are also
  -- in revision order: the last version known on each clock is one seek away.
  CREATE INDEX IF NOT EXISTS rule_versions_by_rule_valid ON rule_versions (rule_id, valid_from, revision);
  CREATE INDEX IF NOT EXISTS rule_versions_by_rule_recorded ON rule_versions (rule_id, recorded_at, revision);
  CREATE INDEX IF NOT EXISTS rule_versions_by_valid_from ON rule_versions (valid_from, rule_id);
  CREATE UNIQUE INDEX IF NOT EXISTS rule_tags_by_word ON rule_tags (kind, word, rule_id, revision, valid_from, recorded_at);
  CREATE INDEX IF NOT EXISTS rules_by_first_valid_from ON rules (first_valid_from);
  CREATE INDEX IF NOT EXISTS rules_by_first_recorded_at ON rules (first_recorded_at);
`;

/** Where a build keeps the latest versions its memory cannot hold (dropped when it finishes). */
export const BUILD_LATEST_TABLE = `CREATE TABLE IF NOT EXISTS build_latest (rule_id TEXT PRIMARY KEY, latest TEXT NOT NULL) WITHOUT ROWID`;

export const DROP_BUILD_LATEST_TABLE = 'DROP TABLE build_latest';

export const SET_META_SQL = 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
