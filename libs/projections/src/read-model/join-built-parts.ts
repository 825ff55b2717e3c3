import Database from 'better-sqlite3';
import { READ_MODEL_INDEXES, SET_META_SQL } from './read-model.schema';

/**
 * The target's indexes not led by the rule id: a part's rows land all over them, so they are
 * dropped for the join and sorted again once after it. Joined through them, the second of two
 * parts took 10.8 s of a 34 s rebuild of the bench's 1M-event log; without them 5.8 s, the
 * rebuild 25–26 s. (Building the parts with no indexes at all and sorting everything after the
 * join was no faster: the parts sort theirs on two threads.)
 */
const SCATTERED_INDEXES = ['rule_versions_by_valid_from', 'rule_tags_by_word', 'rules_by_first_valid_from', 'rules_by_first_recorded_at'];

/**
 * Joins read-model files built from consecutive ranges of streams (see build/parallel-build.ts)
 * onto the first one, `target`, which already holds the first range, and marks it complete as
 * of `checkpoint`. Each part's rows are read in the order of the target's indexes: rules sort
 * by stream id, so in every index led by the rule id they go in after all the rows already
 * there, an append rather than a scattered insert (the others are rebuilt after the join, see
 * SCATTERED_INDEXES). Terms ids are shifted past the target's.
 */
export const joinBuiltParts = (target: string, parts: readonly string[], checkpoint: number): void => {
  const db = new Database(target, { fileMustExist: true });
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    if (parts.length > 0) db.exec(SCATTERED_INDEXES.map((name) => `DROP INDEX ${name};`).join(' '));
    for (const part of parts) {
      db.prepare('ATTACH ? AS part').run(part);
      const offset = db.prepare<[], { n: number }>('SELECT coalesce(max(id), 0) AS n FROM main.rule_terms').get()!.n;
      db.exec('BEGIN');
      db.exec(`
        INSERT INTO main.rules SELECT * FROM part.rules ORDER BY rule_id;
        INSERT INTO main.rule_terms (id, terms) SELECT id + ${offset}, terms FROM part.rule_terms ORDER BY id;
        INSERT INTO main.rule_versions (rule_id, revision, valid_from, recorded_at, status, last_event, terms_id, sources, tags_revision)
          SELECT rule_id, revision, valid_from, recorded_at, status, last_event, terms_id + ${offset}, sources, tags_revision
          FROM part.rule_versions ORDER BY rule_id, revision;
        INSERT INTO main.rule_sources (rule_id, seq, source) SELECT rule_id, seq, source FROM part.rule_sources ORDER BY rule_id, seq;
        INSERT INTO main.rule_tags (kind, word, rule_id, revision, valid_from, recorded_at)
          SELECT kind, word, rule_id, revision, valid_from, recorded_at FROM part.rule_tags ORDER BY kind, word, rule_id, revision, valid_from, recorded_at;
      `);
      db.exec('COMMIT');
      db.exec('DETACH part');
    }
    // Every index is IF NOT EXISTS: this creates only the ones dropped above.
    db.exec(`BEGIN; ${READ_MODEL_INDEXES} COMMIT`);
    const setMeta = db.prepare(SET_META_SQL);
    if (checkpoint > 0) setMeta.run('checkpoint', String(checkpoint));
    setMeta.run('complete', new Date().toISOString());
  } finally {
    db.close();
  }
};
