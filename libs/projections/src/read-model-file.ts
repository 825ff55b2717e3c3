import Database from 'better-sqlite3';
import { assertNever, Rule, RULE_EVENT_TYPES, RuleEventEnvelope, RuleEventType, RuleStatus, Source } from '@policy/domain';
import { WalCheckpointer } from '@policy/event-store';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PointInTime } from './replay';
import { nextVersion, RuleVersion } from './rule-version.reducer';

/**
 * Bumped whenever the tables or the reducer change meaning; a read model built by another
 * version is never used, it is rebuilt from the log.
 */
export const PROJECTION_VERSION = 3;

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

/**
 * `live`: the service's file, WAL and `synchronous = NORMAL` (the log is the durable record;
 * a read model lost in a power cut is rebuilt from it), indexes in place.
 * `build`: a new file filled from the log in one go, with no journal and no syncs (a build
 * that fails is thrown away) and its indexes created only at `finishBuild`: sorting once is
 * several times cheaper than keeping B-trees in order through a million random inserts.
 * `rebuild`: a new file filled beside a live one inside the running service: indexes from
 * the start, so no single step holds the event loop for long.
 */
export type ReadModelMode = 'live' | 'build' | 'rebuild';

const TABLES = `
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
  -- are codes (STATUSES, EVENT_TYPES) to keep the row narrow.
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
  -- authority; all lower case) of the versions whose tags_revision is this revision, with the
  -- clocks of that first version: no version of the revision is visible before both, so a
  -- list walking the words rejects rules not yet known at the asked time inside the index.
  CREATE TABLE IF NOT EXISTS rule_tags (
    kind TEXT NOT NULL, word TEXT NOT NULL, rule_id TEXT NOT NULL, revision INTEGER NOT NULL,
    valid_from INTEGER NOT NULL, recorded_at INTEGER NOT NULL
  );
`;

const INDEXES = `
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
const SPILL = `CREATE TABLE IF NOT EXISTS build_latest (rule_id TEXT PRIMARY KEY, latest TEXT NOT NULL) WITHOUT ROWID`;

const STATUSES: readonly RuleStatus[] = ['proposed', 'paused', 'approved', 'rescinded'];
const EVENT_TYPES: readonly RuleEventType[] = RULE_EVENT_TYPES;
const code = <T>(values: readonly T[], value: T): number => {
  const index = values.indexOf(value);
  if (index < 0) throw new Error(`no code for ${String(value)}`);
  return index;
};

/** Where the sources go in stored terms: the key with 0 for a value. */
const SOURCES_HOLE = '"sources":0';

type VersionRow = {
  rule_id: string;
  revision: number;
  valid_from: number;
  recorded_at: number;
  status: number;
  last_event: number;
  sources: number;
  terms: string;
  sources_json: string;
  first_valid_from: number;
};

/** What the projection remembers of a rule's latest version so the next one costs no reads. */
type Latest = { state: Rule; termsId: number; sources: number; tagsRevision: number };

/** A version's columns, its terms, and its sources as one JSON array (aggregated in SQLite). */
const VERSION_COLUMNS = `v.rule_id, v.revision, v.valid_from, v.recorded_at, v.status, v.last_event, v.sources, t.terms, r.first_valid_from,
  CASE WHEN v.sources = 0 THEN '[]' ELSE (SELECT '[' || group_concat(s.source, ',' ORDER BY s.seq) || ']'
    FROM rule_sources s WHERE s.rule_id = v.rule_id AND s.seq < v.sources) END AS sources_json`;

/**
 * The revision of rule `r` visible at (:asOf, :knownAt): the later of the two is not visible
 * on the other clock, so it is the earlier of the last revision in force by asOf and the last
 * one recorded by knownAt (NULL, so not visible, if either is missing). Two index seeks,
 * however long the rule's history.
 */
const visibleRevision = (rule: string) => `min(
    (SELECT x.revision FROM rule_versions x INDEXED BY rule_versions_by_rule_valid
      WHERE x.rule_id = ${rule} AND x.valid_from <= :asOf ORDER BY x.valid_from DESC, x.revision DESC LIMIT 1),
    (SELECT y.revision FROM rule_versions y INDEXED BY rule_versions_by_rule_recorded
      WHERE y.rule_id = ${rule} AND y.recorded_at <= :knownAt ORDER BY y.recorded_at DESC, y.revision DESC LIMIT 1))`;

/**
 * Below this many rules in existence at the asked time, a list is found by time (those rules,
 * sorted); above it, by walking rules in id order until the page is full. Either way at most
 * about this many rows are looked at: the crossing point of the two costs is the square root
 * of (page size x rules), a few thousand for this service's sizes.
 */
const FEW_RULES = 3000;

export interface ReadModelFileOptions {
  /** Latest versions kept in memory (a build spills the rest to the file). */
  readonly latestCapacity?: number;
  /** Below this many rules started by the asked time, lists are found by time (FEW_RULES). */
  readonly fewRules?: number;
}

/**
 * One read-model file: the bitemporal tables, the writer the projector drives and the
 * point-in-time queries. Writes are batched into transactions by the caller (`apply` inside
 * `begin`/`commit`); the checkpoint commits with the rows it covers, so a crash never leaves
 * them apart.
 */
export class ReadModelFile {
  private readonly db: Database.Database;
  private readonly w;
  private queries?: ReturnType<ReadModelFile['prepareQueries']>;
  private indexed: boolean;
  private inTransaction = false;
  private applied: bigint | undefined;
  /** Latest version per rule (least recently used first), bounded so memory stays flat. */
  private readonly latest = new Map<string, Latest>();
  private readonly latestCapacity: number;
  /** first_valid_from / first_recorded_at of the FEW_RULES-th rule, once known (see listRules). */
  private fewRulesBound?: { validFrom: number; recordedAt: number };
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly checkpointer?: WalCheckpointer;
  private readonly fewRulesThreshold: number;

  constructor(
    readonly file: string,
    readonly mode: ReadModelMode = 'live',
    options: ReadModelFileOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.latestCapacity = options.latestCapacity ?? (mode === 'live' ? 10_000 : 50_000);
    this.fewRulesThreshold = options.fewRules ?? FEW_RULES;
    if (mode === 'live') {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('cache_size = -65536');
      // Queries jump between a rule's versions, terms and sources on pages spread over a file
      // larger than the page cache: read through a memory map, such a page costs a memory
      // access instead of a read() call copying it (lists about 30 % faster at 1M events).
      // Counted in the process's RSS as file pages the kernel can drop, not heap.
      this.db.pragma('mmap_size = 4294967296');
      if (file !== ':memory:') this.checkpointer = new WalCheckpointer(this.db, file);
    } else {
      this.db.pragma('journal_mode = OFF');
      this.db.pragma('synchronous = OFF');
      this.db.pragma('cache_size = -262144');
    }
    this.db.exec(TABLES);
    this.indexed = mode !== 'build';
    if (this.indexed) this.db.exec(INDEXES);
    else this.db.exec(SPILL);
    const db = this.db;
    this.w = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      insertRule: db.prepare('INSERT INTO rules (rule_id, first_valid_from, first_recorded_at) VALUES (?, ?, ?)'),
      insertVersion: db.prepare(
        `INSERT INTO rule_versions (rule_id, revision, valid_from, recorded_at, status, last_event, terms_id, sources, tags_revision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertTerms: db.prepare('INSERT INTO rule_terms (terms) VALUES (?)'),
      insertSource: db.prepare('INSERT INTO rule_sources (rule_id, seq, source) VALUES (?, ?, ?)'),
      insertTag: db.prepare('INSERT INTO rule_tags (kind, word, rule_id, revision, valid_from, recorded_at) VALUES (?, ?, ?, ?, ?, ?)'),
    };
    if (this.meta('projection_version') === undefined && this.isEmpty()) {
      this.w.setMeta.run('projection_version', String(PROJECTION_VERSION));
    }
  }

  /** The projection version that built this file (undefined: not a read model). */
  version(): number | undefined {
    const value = this.meta('projection_version');
    return value === undefined ? undefined : Number(value);
  }

  /** Last global position folded into the file and committed. */
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
    const previous = this.latestOf(envelope.ruleId);
    if (previous !== undefined && previous.state.revision >= envelope.revision) return;
    const version = nextVersion(previous?.state ?? { status: 'none' }, envelope);
    this.remember(version.ruleId, this.write(version, previous));
    this.applied = BigInt(envelope.position);
  }

  /** Moves the checkpoint over events that are not the read model's business. */
  skip(position: bigint): void {
    this.begin();
    this.applied = position;
  }

  commit(): void {
    if (!this.inTransaction) return;
    if (!this.db.inTransaction) {
      // SQLite ended the transaction itself (after a failed COMMIT, say): writing the
      // checkpoint now would commit it alone, past rows that are gone.
      this.rollback();
      throw new Error('the read-model transaction was rolled back by SQLite; its events must be applied again');
    }
    if (this.applied !== undefined) this.w.setMeta.run('checkpoint', this.applied.toString());
    this.db.exec('COMMIT');
    this.inTransaction = false;
  }

  rollback(): void {
    if (!this.inTransaction) return;
    // A failed COMMIT (disk full) may have ended the transaction already.
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.inTransaction = false;
    this.applied = undefined;
    // Remembered versions may be ones just rolled back.
    this.latest.clear();
    this.fewRulesBound = undefined;
  }

  /**
   * Ends a `build`: sorts the rows into their indexes and drops what only the build needed.
   * From here on the file takes incremental writes like a live one.
   */
  finishBuild(): void {
    this.commit();
    if (this.indexed) return;
    this.db.exec(`BEGIN; ${INDEXES} DROP TABLE build_latest; COMMIT`);
    this.indexed = true;
  }

  /** Marks a built file as complete: caught up with the log as of when it was built. */
  markComplete(): void {
    this.finishBuild();
    this.w.setMeta.run('complete', new Date().toISOString());
  }

  /** The rule as in force at `asOf`, as recorded by `knownAt`; undefined before its first event. */
  ruleAt(ruleId: string, at: PointInTime): Rule | undefined {
    const row = this.q().at.get({ ruleId, asOf: Date.parse(at.asOf), knownAt: Date.parse(at.knownAt) });
    return row ? this.toRule(row) : undefined;
  }

  listRules(at: PointInTime, filters: RuleFilters, page: { after?: string; limit: number }): RulePage {
    const { rows, more } = this.listRows(at, filters, page);
    return {
      rules: rows.map((row) => this.toRule(row)),
      nextCursor: more ? rows[rows.length - 1].rule_id : undefined,
    };
  }

  /**
   * The same page as `listRules`, as the text JSON.stringify gives of it, built from the
   * stored JSON without parsing it: a page of a hundred rules is mostly terms and sources,
   * and parsing them only to serialise them again was most of a list's cost outside SQLite.
   */
  listRulesJson(at: PointInTime, filters: RuleFilters, page: { after?: string; limit: number }): string {
    const { rows, more } = this.listRows(at, filters, page);
    const rules = rows.map((row) => this.ruleJson(row)).join(',');
    const cursor = more ? `,"nextCursor":${JSON.stringify(rows[rows.length - 1].rule_id)}` : '';
    return `{"rules":[${rules}]${cursor}}`;
  }

  /**
   * The rules visible at a point in time, in rule id order, one page. A rule is visible from
   * its first version on, so the candidates are the rules that started by then; each one's
   * visible version is found on its index and filtered. When few rules had started the
   * candidates are taken by time and sorted; otherwise rules are walked in id order (or, with
   * a product or destination filter, the rules ever tagged with that word, which are fewer)
   * until the page is full.
   */
  private listRows(at: PointInTime, filters: RuleFilters, page: { after?: string; limit: number }): { rows: VersionRow[]; more: boolean } {
    const asOf = Date.parse(at.asOf);
    const knownAt = Date.parse(at.knownAt);
    const bound = this.fewRules();
    const tag = drivingTag(filters);
    const driver: Driver =
      bound === undefined || asOf < bound.validFrom ? 'valid' : knownAt < bound.recordedAt ? 'recorded' : tag ? 'tag' : 'id';
    const key = [driver, tag, ...FILTERS.map((name) => filters[name] !== undefined), page.after !== undefined].join('|');
    let statement = this.listStatements.get(key);
    if (!statement) {
      statement = this.db.prepare(listSql(driver, tag, filters, page.after !== undefined));
      this.listStatements.set(key, statement);
    }
    const params: Record<string, string | number> = { asOf, knownAt, limit: page.limit + 1 };
    if (filters.status !== undefined) params.status = STATUSES.indexOf(filters.status as RuleStatus);
    if (filters.authority !== undefined) params.authority = filters.authority.toLowerCase();
    if (filters.product !== undefined) params.product = filters.product.toLowerCase();
    if (filters.destination !== undefined) params.destination = filters.destination.toLowerCase();
    if (page.after !== undefined) params.after = page.after;
    const rows = statement.all(params) as VersionRow[];
    const more = rows.length > page.limit;
    return { rows: more ? rows.slice(0, page.limit) : rows, more };
  }

  /**
   * What changed in effective time over (from, to], as known at `knownAt`: each rule with a
   * change in the window, as it stood at `from` and at `to`.
   */
  changes(from: string, to: string, knownAt: string): RuleChange[] {
    return this.q()
      .changedBetween.all(Date.parse(from), Date.parse(to))
      .map(({ rule_id }) => ({
        ruleId: rule_id,
        before: this.ruleAt(rule_id, { asOf: from, knownAt }) ?? null,
        after: this.ruleAt(rule_id, { asOf: to, knownAt }) ?? null,
      }))
      .filter((change) => change.after?.revision !== change.before?.revision);
  }

  count(): { rules: number; versions: number } {
    const rules = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM rules').get()?.n ?? 0;
    const versions = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM rule_versions').get()?.n ?? 0;
    return { rules, versions };
  }

  /** The query plans of the point-in-time queries, for checking they stay index lookups. */
  explain(): Record<string, string[]> {
    const plan = (sql: string, params: Record<string, unknown> | unknown[]) =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail);
    const named = { asOf: 0, knownAt: 0, limit: 1, destination: 'x', product: 'x', status: 0, authority: 'x', after: 'x' };
    const plans: Record<string, string[]> = {
      ruleAt: plan(this.q().at.source, { ruleId: 'x', asOf: 0, knownAt: 0 }),
      changes: plan(this.q().changedBetween.source, [0, 0]),
    };
    for (const driver of ['valid', 'recorded', 'id', 'tag'] as const) {
      plans[`list by ${driver}`] = plan(listSql(driver, 'd', { destination: 'x', authority: 'x', status: 'approved' }, true), named);
    }
    return plans;
  }

  isComplete(): boolean {
    return this.meta('complete') !== undefined;
  }

  close(): void {
    this.rollback();
    this.checkpointer?.close();
    this.db.close();
  }

  private q() {
    if (!this.indexed) throw new Error('a read model being built cannot answer queries');
    this.queries ??= this.prepareQueries();
    return this.queries;
  }

  private prepareQueries() {
    const db = this.db;
    return {
      latest: db.prepare<[string], VersionRow & { terms_id: number; tags_revision: number }>(
        `SELECT ${VERSION_COLUMNS}, v.terms_id, v.tags_revision FROM rule_versions v INDEXED BY rule_versions_by_rule
         JOIN rule_terms t ON t.id = v.terms_id JOIN rules r ON r.rule_id = v.rule_id
         WHERE v.rule_id = ? ORDER BY v.revision DESC LIMIT 1`,
      ),
      at: db.prepare<{ ruleId: string; asOf: number; knownAt: number }, VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM rules r CROSS JOIN rule_versions v INDEXED BY rule_versions_by_rule
         JOIN rule_terms t ON t.id = v.terms_id
         WHERE r.rule_id = :ruleId AND v.rule_id = r.rule_id AND v.revision = ${visibleRevision(':ruleId')}`,
      ),
      changedBetween: db.prepare<[number, number], { rule_id: string }>(
        'SELECT DISTINCT rule_id FROM rule_versions INDEXED BY rule_versions_by_valid_from WHERE valid_from > ? AND valid_from <= ? ORDER BY rule_id',
      ),
      nthValidFrom: db.prepare<[number], { t: number }>('SELECT first_valid_from AS t FROM rules ORDER BY first_valid_from LIMIT 1 OFFSET ?'),
      nthRecordedAt: db.prepare<[number], { t: number }>('SELECT first_recorded_at AS t FROM rules ORDER BY first_recorded_at LIMIT 1 OFFSET ?'),
    };
  }

  private meta(key: string): string | undefined {
    return this.w.getMeta.get(key)?.value;
  }

  private isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM rules LIMIT 1').get() === undefined;
  }

  private latestOf(ruleId: string): Latest | undefined {
    const cached = this.latest.get(ruleId);
    if (cached) return cached;
    if (!this.indexed) {
      // A build remembers every rule it has seen, in memory or spilled: not there means new.
      const spilled = this.spill.get.get(ruleId);
      return spilled ? (JSON.parse(spilled.latest) as Latest) : undefined;
    }
    const row = this.q().latest.get(ruleId);
    if (!row) return undefined;
    return { state: this.toRule(row), termsId: row.terms_id, sources: row.sources, tagsRevision: row.tags_revision };
  }

  private spillStatements?: { get: Database.Statement<[string], { latest: string }>; put: Database.Statement<[string, string]> };
  private get spill() {
    this.spillStatements ??= {
      get: this.db.prepare<[string], { latest: string }>('SELECT latest FROM build_latest WHERE rule_id = ?'),
      put: this.db.prepare<[string, string]>('INSERT OR REPLACE INTO build_latest (rule_id, latest) VALUES (?, ?)'),
    };
    return this.spillStatements;
  }

  private remember(ruleId: string, latest: Latest): void {
    this.latest.delete(ruleId);
    this.latest.set(ruleId, latest);
    if (this.latest.size <= this.latestCapacity) return;
    const [evicted, value] = this.latest.entries().next().value!;
    this.latest.delete(evicted);
    if (!this.indexed) this.spill.put.run(evicted, JSON.stringify(value));
  }

  private write(version: RuleVersion, previous: Latest | undefined): Latest {
    const w = this.w;
    const { state, ruleId, revision } = version;
    if (previous === undefined) {
      w.insertRule.run(ruleId, version.validFrom, version.recordedAt);
      const bound = this.fewRulesBound;
      if (bound && (version.validFrom < bound.validFrom || version.recordedAt < bound.recordedAt)) this.fewRulesBound = undefined;
    }
    const termsId = version.termsChanged ? Number(w.insertTerms.run(JSON.stringify({ ...state.terms, sources: 0 })).lastInsertRowid) : previous!.termsId;
    let sources = previous?.sources ?? 0;
    for (const source of version.addedSources) w.insertSource.run(ruleId, sources++, JSON.stringify(source));
    const tagsRevision = version.tagsChanged ? revision : previous!.tagsRevision;
    w.insertVersion.run(ruleId, revision, version.validFrom, version.recordedAt, code(STATUSES, state.status), code(EVENT_TYPES, state.lastEvent), termsId, sources, tagsRevision);
    if (version.tagsChanged) {
      const { validFrom, recordedAt } = version;
      for (const word of version.products) w.insertTag.run('p', word, ruleId, revision, validFrom, recordedAt);
      for (const word of version.destinations) w.insertTag.run('d', word, ruleId, revision, validFrom, recordedAt);
      w.insertTag.run('a', state.terms.authority.toLowerCase(), ruleId, revision, validFrom, recordedAt);
    }
    return { state, termsId, sources, tagsRevision };
  }

  /**
   * `JSON.stringify(this.toRule(row))`, without parsing: the stored terms are JSON.stringify's
   * own text with `"sources":0` in place of the sources (user text cannot hold that sequence:
   * a quote inside a string is escaped), and the sources JSON goes in its place.
   */
  private ruleJson(row: VersionRow): string {
    const at = row.terms.indexOf(SOURCES_HOLE);
    const next = row.terms[at + SOURCES_HOLE.length];
    if (at < 0 || (next !== ',' && next !== '}')) return JSON.stringify(this.toRule(row));
    const terms = row.terms.slice(0, at + SOURCES_HOLE.length - 1) + row.sources_json + row.terms.slice(at + SOURCES_HOLE.length);
    return (
      `{"status":"${STATUSES[row.status]}","ruleId":${JSON.stringify(row.rule_id)},"terms":${terms}` +
      `,"proposedAt":"${new Date(row.first_valid_from).toISOString()}","revision":${row.revision}` +
      `,"effectiveAt":"${new Date(row.valid_from).toISOString()}","recordedAt":"${new Date(row.recorded_at).toISOString()}"` +
      `,"lastEvent":"${EVENT_TYPES[row.last_event]}"}`
    );
  }

  /** Rebuilds the state `evolve` gave this version, with the same keys in the same order. */
  private toRule(row: VersionRow): Rule {
    const terms = JSON.parse(row.terms) as Rule['terms'] & { sources: Source[] | 0 };
    // Assigned to the key already there, so the key order stays that of `evolve`'s state.
    terms.sources = JSON.parse(row.sources_json) as Source[];
    return {
      status: STATUSES[row.status],
      ruleId: row.rule_id,
      terms: terms as Rule['terms'],
      proposedAt: new Date(row.first_valid_from).toISOString(),
      revision: row.revision,
      effectiveAt: new Date(row.valid_from).toISOString(),
      recordedAt: new Date(row.recorded_at).toISOString(),
      lastEvent: EVENT_TYPES[row.last_event],
    };
  }

  /**
   * The start times of the FEW_RULES-th rule on each clock: asked before either, fewer than
   * FEW_RULES rules exist. Proposals only add rules, so the bound holds until one starts
   * earlier than it (rare: a late-recorded proposal), which drops it.
   */
  private fewRules(): { validFrom: number; recordedAt: number } | undefined {
    if (this.fewRulesBound) return this.fewRulesBound;
    const validFrom = this.q().nthValidFrom.get(this.fewRulesThreshold)?.t;
    const recordedAt = this.q().nthRecordedAt.get(this.fewRulesThreshold)?.t;
    if (validFrom === undefined || recordedAt === undefined) return undefined;
    this.fewRulesBound = { validFrom, recordedAt };
    return this.fewRulesBound;
  }
}

type Driver = 'valid' | 'recorded' | 'id' | 'tag';

const FILTERS = ['status', 'authority', 'product', 'destination'] as const;

type TagKind = 'p' | 'd' | 'a';
const TAG_FILTER = { p: 'product', d: 'destination', a: 'authority' } as const;

/**
 * The tag filter to walk when several are given: destinations include rare named parties,
 * products split the rules a dozen ways, authorities only eight or so.
 */
const drivingTag = (filters: RuleFilters): TagKind | undefined =>
  filters.destination !== undefined ? 'd' : filters.product !== undefined ? 'p' : filters.authority !== undefined ? 'a' : undefined;

/**
 * The list query for one plan. CROSS JOIN fixes the loop order (SQLite never reorders it), so
 * the driving table is walked in its index order and ORDER BY needs no sort except for the
 * time plans, whose candidates are few by construction.
 */
const listSql = (driver: Driver, tag: TagKind | undefined, filters: RuleFilters, after: boolean): string => {
  const where: string[] = ['r.first_valid_from <= :asOf', 'r.first_recorded_at <= :knownAt'];
  if (driver === 'valid' || driver === 'recorded') where.push('r.rule_id = c.rule_id');
  if (filters.status !== undefined) where.push('v.status = :status');
  for (const [kind, name] of [['a', 'authority'], ['p', 'product'], ['d', 'destination']] as const) {
    if (filters[name] === undefined || (driver === 'tag' && kind === tag)) continue;
    where.push(
      `EXISTS (SELECT 1 FROM rule_tags g2 WHERE g2.kind = '${kind}' AND g2.word = :${name} AND g2.rule_id = v.rule_id AND g2.revision = v.tags_revision)`,
    );
  }
  const versions = `rule_versions v INDEXED BY rule_versions_by_rule`;
  const visible = `v.rule_id = r.rule_id AND v.revision = ${visibleRevision('r.rule_id')}`;
  const terms = 'JOIN rule_terms t ON t.id = v.terms_id';
  const [from, order] = ((): [string, string] => {
    switch (driver) {
      case 'valid':
      case 'recorded': {
        // Few rules had started: take their ids by time, sort them (cheap: ids only), then
        // look up versions in id order until the page is full. The LIMIT keeps SQLite from
        // flattening the sort away into a sort of the finished rows.
        const index = driver === 'valid' ? 'rules_by_first_valid_from' : 'rules_by_first_recorded_at';
        const bound = after ? ' AND rule_id > :after' : '';
        // With a tag filter, only rules ever tagged with the word can match: one seek each.
        const tagged = tag
          ? ` AND EXISTS (SELECT 1 FROM rule_tags g0 WHERE g0.kind = '${tag}' AND g0.word = :${TAG_FILTER[tag]} AND g0.rule_id = rules.rule_id AND g0.valid_from <= :asOf AND g0.recorded_at <= :knownAt)`
          : '';
        return [
          `(SELECT rule_id FROM rules INDEXED BY ${index} WHERE first_valid_from <= :asOf AND first_recorded_at <= :knownAt${bound}${tagged}
             ORDER BY rule_id LIMIT -1) c CROSS JOIN rules r CROSS JOIN ${versions}`,
          'c.rule_id',
        ];
      }
      case 'id':
        return [`rules r CROSS JOIN ${versions}`, 'r.rule_id'];
      case 'tag': {
        // Each (rule, tags revision) ever tagged with the word, in rule id order; the visible
        // version matches at most one of a rule's rows, so no rule appears twice.
        where.push(
          `g.kind = '${tag}'`,
          `g.word = :${TAG_FILTER[tag!]}`,
          // Checked in the index, before any seek: revisions not yet visible at the asked time.
          'g.valid_from <= :asOf',
          'g.recorded_at <= :knownAt',
          'r.rule_id = g.rule_id',
          'v.tags_revision = g.revision',
        );
        return [`rule_tags g INDEXED BY rule_tags_by_word CROSS JOIN rules r CROSS JOIN ${versions}`, 'g.rule_id'];
      }
      default:
        return assertNever(driver);
    }
  })();
  if (after) where.push(`${order} > :after`);
  return `SELECT ${VERSION_COLUMNS} FROM ${from} ${terms}
    WHERE ${visible} AND ${where.join(' AND ')}
    ORDER BY ${order} LIMIT :limit`;
};

/**
 * Joins read-model files built from consecutive ranges of streams (see build/parallel-build.ts)
 * onto the first one, `target`, which already holds the first range, and marks it complete as
 * of `checkpoint`. Each part's rows are read in the order of the target's indexes: rules sort
 * by stream id, so in every index led by the rule id they go in after all the rows already
 * there, an append rather than a scattered insert. Terms ids are shifted past the target's.
 */
export const joinBuiltParts = (target: string, parts: readonly string[], checkpoint: number): void => {
  const db = new Database(target, { fileMustExist: true });
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
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
    const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    if (checkpoint > 0) setMeta.run('checkpoint', String(checkpoint));
    setMeta.run('complete', new Date().toISOString());
  } finally {
    db.close();
  }
};

/** True when a file at this path exists (a missing read model is rebuilt). */
export const readModelExists = (file: string): boolean => file === ':memory:' || existsSync(file);
