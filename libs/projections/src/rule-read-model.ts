import Database from 'better-sqlite3';
import { Rule, RuleEventEnvelope, RuleState } from '@policy/domain';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PointInTime } from './replay';
import { nextVersion, RuleVersion } from './rule-version.reducer';

/**
 * Bumped whenever the tables or the reducer change meaning; a read model built by another
 * version is thrown away and rebuilt from the log.
 */
export const PROJECTION_VERSION = 1;

export interface RuleFilters {
  readonly status?: string;
  readonly product?: string;
  readonly destination?: string;
  readonly authority?: string;
}

export interface RulePage {
  readonly rules: Rule[];
  /** Pass as `after` to get the next page; absent on the last one. */
  readonly nextCursor?: string;
}

export interface RuleChange {
  readonly ruleId: string;
  readonly before: Rule | null;
  readonly after: Rule | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  -- One row per rule version. next_* are the clocks of the version after it (null: latest).
  CREATE TABLE IF NOT EXISTS rule_versions (
    rule_id          TEXT    NOT NULL,
    revision         INTEGER NOT NULL,
    position         INTEGER NOT NULL,
    valid_from       TEXT    NOT NULL,
    recorded_at      TEXT    NOT NULL,
    next_valid_from  TEXT,
    next_recorded_at TEXT,
    status           TEXT    NOT NULL,
    authority        TEXT    NOT NULL COLLATE NOCASE,
    state            TEXT    NOT NULL,
    PRIMARY KEY (rule_id, revision)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS rule_versions_by_valid_from ON rule_versions (valid_from);
  -- Filter words of each version (kind 'p': product or family, 'd': destination country or party).
  CREATE TABLE IF NOT EXISTS version_tags (
    kind     TEXT    NOT NULL,
    word     TEXT    NOT NULL,
    rule_id  TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (kind, word, rule_id, revision)
  ) WITHOUT ROWID;
`;

/** The clause that picks, per rule, the one version visible at (:asOf, :knownAt). */
const VISIBLE = `
  v.valid_from <= :asOf AND v.recorded_at <= :knownAt
  AND (v.next_valid_from IS NULL OR v.next_valid_from > :asOf OR v.next_recorded_at > :knownAt)`;

/**
 * The read models in one local SQLite file: disposable, rebuilt from the log when missing or
 * built by another projection version. Writes are batched into transactions by the projector
 * (`apply` inside `begin`/`commit`); the checkpoint commits with the rows it covers, so a crash
 * never leaves them apart.
 */
export class RuleReadModel {
  private readonly db: Database.Database;
  private readonly statements;
  private inTransaction = false;
  /** Latest state per rule written in the open transaction, so a batch needs no re-reads. */
  private readonly pending = new Map<string, RuleState>();

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // The log is the durable record; a read model lost in a power cut is rebuilt from it.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      latest: db.prepare<[string], { revision: number; state: string }>(
        'SELECT revision, state FROM rule_versions WHERE rule_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      closePrevious: db.prepare(
        'UPDATE rule_versions SET next_valid_from = ?, next_recorded_at = ? WHERE rule_id = ? AND revision = ?',
      ),
      insertVersion: db.prepare(
        `INSERT INTO rule_versions (rule_id, revision, position, valid_from, recorded_at, status, authority, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertTag: db.prepare('INSERT OR IGNORE INTO version_tags (kind, word, rule_id, revision) VALUES (?, ?, ?, ?)'),
      at: db.prepare<[string, string, string], { state: string }>(
        `SELECT state FROM rule_versions
         WHERE rule_id = ? AND valid_from <= ? AND recorded_at <= ? ORDER BY revision DESC LIMIT 1`,
      ),
      changedBetween: db.prepare<[string, string], { rule_id: string }>(
        'SELECT DISTINCT rule_id FROM rule_versions WHERE valid_from > ? AND valid_from <= ? ORDER BY rule_id',
      ),
    };
    if (this.meta('projection_version') !== String(PROJECTION_VERSION)) this.reset();
  }

  /** Last global position folded into the read model. */
  checkpoint(): bigint | undefined {
    const value = this.meta('checkpoint');
    return value === undefined ? undefined : BigInt(value);
  }

  begin(): void {
    if (this.inTransaction) return;
    this.db.exec('BEGIN');
    this.inTransaction = true;
  }

  /** Folds one event in; an event at or below the rule's stored revision was already applied. */
  apply(envelope: RuleEventEnvelope): void {
    this.begin();
    const previous = this.previousState(envelope.ruleId);
    if (previous.status !== 'none' && previous.revision >= envelope.revision) return;
    const version = nextVersion(previous, envelope);
    this.write(version, previous);
    this.pending.set(version.ruleId, version.state);
    this.statements.setMeta.run('checkpoint', String(envelope.position));
  }

  /** Moves the checkpoint over events that are not the read model's business. */
  skip(position: bigint): void {
    this.begin();
    this.statements.setMeta.run('checkpoint', position.toString());
  }

  commit(): void {
    if (!this.inTransaction) return;
    this.db.exec('COMMIT');
    this.inTransaction = false;
    this.pending.clear();
  }

  rollback(): void {
    if (!this.inTransaction) return;
    this.db.exec('ROLLBACK');
    this.inTransaction = false;
    this.pending.clear();
  }

  /** The rule as in force at `asOf`, as recorded by `knownAt`; undefined before its first event. */
  ruleAt(ruleId: string, at: PointInTime): Rule | undefined {
    const row = this.statements.at.get(ruleId, at.asOf, at.knownAt);
    return row ? (JSON.parse(row.state) as Rule) : undefined;
  }

  listRules(at: PointInTime, filters: RuleFilters, page: { after?: string; limit: number }): RulePage {
    const where = [VISIBLE];
    const params: Record<string, string | number> = { asOf: at.asOf, knownAt: at.knownAt, limit: page.limit + 1 };
    const joins: string[] = [];
    if (filters.status) {
      where.push('v.status = :status');
      params.status = filters.status;
    }
    if (filters.authority) {
      where.push('v.authority = :authority');
      params.authority = filters.authority;
    }
    if (filters.product) {
      joins.push(`JOIN version_tags p ON p.kind = 'p' AND p.word = :product AND p.rule_id = v.rule_id AND p.revision = v.revision`);
      params.product = filters.product.toLowerCase();
    }
    if (filters.destination) {
      joins.push(`JOIN version_tags d ON d.kind = 'd' AND d.word = :destination AND d.rule_id = v.rule_id AND d.revision = v.revision`);
      params.destination = filters.destination.toLowerCase();
    }
    if (page.after) {
      where.push('v.rule_id > :after');
      params.after = page.after;
    }
    const rows = this.db
      .prepare<Record<string, string | number>, { rule_id: string; state: string }>(
        `SELECT v.rule_id, v.state FROM rule_versions v ${joins.join(' ')}
         WHERE ${where.join(' AND ')} ORDER BY v.rule_id LIMIT :limit`,
      )
      .all(params);
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    return {
      rules: shown.map((row) => JSON.parse(row.state) as Rule),
      nextCursor: more ? shown[shown.length - 1].rule_id : undefined,
    };
  }

  /**
   * What changed in effective time over (from, to], as known at `knownAt`: each rule with a
   * change in the window, as it stood at `from` and at `to`.
   */
  changes(from: string, to: string, knownAt: string): RuleChange[] {
    return this.statements.changedBetween
      .all(from, to)
      .map(({ rule_id }) => ({
        ruleId: rule_id,
        before: this.ruleAt(rule_id, { asOf: from, knownAt }) ?? null,
        after: this.ruleAt(rule_id, { asOf: to, knownAt }) ?? null,
      }))
      .filter((change) => change.after?.revision !== change.before?.revision);
  }

  count(): { rules: number; versions: number } {
    const row = this.db
      .prepare<[], { rules: number; versions: number }>(
        'SELECT COUNT(DISTINCT rule_id) AS rules, COUNT(*) AS versions FROM rule_versions',
      )
      .get();
    return row ?? { rules: 0, versions: 0 };
  }

  close(): void {
    this.rollback();
    this.db.close();
  }

  private previousState(ruleId: string): RuleState {
    const cached = this.pending.get(ruleId);
    if (cached) return cached;
    const row = this.statements.latest.get(ruleId);
    return row ? (JSON.parse(row.state) as Rule) : { status: 'none' };
  }

  private write(version: RuleVersion, previous: RuleState): void {
    const s = this.statements;
    if (previous.status !== 'none') {
      s.closePrevious.run(version.validFrom, version.recordedAt, version.ruleId, previous.revision);
    }
    s.insertVersion.run(
      version.ruleId,
      version.revision,
      version.position,
      version.validFrom,
      version.recordedAt,
      version.state.status,
      version.state.terms.authority,
      JSON.stringify(version.state),
    );
    for (const word of version.products) s.insertTag.run('p', word, version.ruleId, version.revision);
    for (const word of version.destinations) s.insertTag.run('d', word, version.ruleId, version.revision);
  }

  private meta(key: string): string | undefined {
    return this.statements.getMeta.get(key)?.value;
  }

  /** Empties the read model so the projector rebuilds it from the start of the log. */
  private reset(): void {
    this.db.exec('DELETE FROM rule_versions; DELETE FROM version_tags; DELETE FROM meta;');
    this.statements.setMeta.run('projection_version', String(PROJECTION_VERSION));
  }
}
