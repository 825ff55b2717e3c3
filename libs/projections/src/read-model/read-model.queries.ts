import Database from 'better-sqlite3';
import { BytesCache } from '@policy/common';
import { PointInTime, Rule } from '@policy/domain';
import { ChangePage, ChangePageRequest, PageRequest, RuleChange, RuleFilters, RulePage, RulePageJson } from './read-model.types';
import { FewRulesBound, LIST_DRIVERS, listParams, listSql, planList } from './rule-list.planner';
import { VERSION_COLUMNS, visibleRevision } from './rule-versions.sql';
import { listFromIndex, ListedVersion } from './indexed-list';
import { LiveVersionIndex } from './live-version-index';
import { ScreeningCandidates } from './screening-candidates';
import { StoredTextCache } from './stored-text.cache';
import { TAG_KIND } from './stored-codes.codec';
import { indexedRow, ruleJson, toRule, VersionRow } from './version-row.codec';

/**
 * Rules one `changes` page looks at, at most: the cost of a page is bounded whatever the window,
 * and a window in which few rules changed takes several pages (each may hold fewer than `limit`).
 */
export const CHANGES_SCAN_LIMIT = 5_000;

/**
 * Bytes of listed versions' JSON kept (outside the JS heap). The bench's 500 list pages of 100
 * spread over the history meet about 50,000 distinct versions (~45 MiB): with 32 MiB an LRU
 * walked in a cycle kept missing (1,610 pages/s, p99 80 ms at 32 clients); with this much it
 * holds them (2,769/s, p99 27 ms). A page whose versions are not kept costs about 5× more.
 */
const LISTED_JSON_BYTES = 128 * 1024 * 1024;

/** A version on a list page: which one, and its row (with its texts) when it must be built. */
type PageEntry = { readonly ruleId: string; readonly revision: number; row(): VersionRow };

/** The point-in-time queries of an indexed read-model file. */
export class ReadModelQueries {
  private readonly statements;
  /** The FEW_RULES-th rule's start on each clock, once known (see `fewRules`). */
  private fewRulesBound?: FewRulesBound;
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly screening: ScreeningCandidates;
  private readonly texts: StoredTextCache;
  /**
   * Listed versions' JSON by rule and revision: a committed version never changes, and a
   * list page of 100 spent most of its time outside the index building the same texts again.
   */
  private readonly listedJson = new BytesCache<string>(LISTED_JSON_BYTES);

  constructor(
    private readonly db: Database.Database,
    private readonly fewRulesThreshold: number,
    private readonly index?: LiveVersionIndex,
  ) {
    this.texts = new StoredTextCache(db);
    this.screening = new ScreeningCandidates(db, this.texts, index);
    this.statements = {
      at: db.prepare<{ ruleId: string; asOf: number; knownAt: number }, VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM rules r CROSS JOIN rule_versions v INDEXED BY rule_versions_by_rule
         JOIN rule_terms t ON t.id = v.terms_id
         WHERE r.rule_id = :ruleId AND v.rule_id = r.rule_id AND v.revision = ${visibleRevision(':ruleId')}`,
      ),
      // Walks rules in id order from the cursor, one seek each on (rule_id, valid_from): bounded
      // by the scan limit, unlike a walk of the window, which holds every version in it.
      changedBetween: db.prepare<{ from: number; to: number; after: string; scan: number }, { rule_id: string; changed: number }>(
        `SELECT r.rule_id, EXISTS (
           SELECT 1 FROM rule_versions v INDEXED BY rule_versions_by_rule_valid
           WHERE v.rule_id = r.rule_id AND v.valid_from > :from AND v.valid_from <= :to) AS changed
         FROM rules r WHERE r.rule_id > :after ORDER BY r.rule_id LIMIT :scan`,
      ),
      nthValidFrom: db.prepare<[number], { t: number }>(
        'SELECT first_valid_from AS t FROM rules ORDER BY first_valid_from LIMIT 1 OFFSET ?',
      ),
      nthRecordedAt: db.prepare<[number], { t: number }>(
        'SELECT first_recorded_at AS t FROM rules ORDER BY first_recorded_at LIMIT 1 OFFSET ?',
      ),
    };
  }

  /** The rule as in force at `asOf`, as recorded by `knownAt`; undefined before its first event. */
  ruleAt(ruleId: string, at: PointInTime): Rule | undefined {
    const row = this.statements.at.get({ ruleId, asOf: Date.parse(at.asOf), knownAt: Date.parse(at.knownAt) });
    return row ? toRule(row) : undefined;
  }

  listRules(at: PointInTime, filters: RuleFilters, page: PageRequest): RulePage {
    const { entries, more } = this.listEntries(at, filters, page);
    return {
      rules: entries.map((entry) => toRule(entry.row())),
      nextCursor: more ? entries[entries.length - 1].ruleId : undefined,
    };
  }

  /**
   * The same page as `listRules`, each rule as the text JSON.stringify gives of it, built from
   * the stored JSON without parsing it (`ruleJson`) and kept: a page of a hundred rules is
   * mostly terms and sources, and parsing them only to serialise them again was most of a
   * list's cost outside SQLite.
   */
  listRulesJson(at: PointInTime, filters: RuleFilters, page: PageRequest): RulePageJson {
    const { entries, more } = this.listEntries(at, filters, page);
    const rules = entries.map((entry) => {
      const key = `${entry.ruleId}\u0000${entry.revision}`;
      return this.listedJson.get(key) ?? this.listedJson.keep(key, ruleJson(entry.row()));
    });
    return more ? { rules, nextCursor: entries[entries.length - 1].ruleId } : { rules };
  }

  /** The rules a screening line is matched against (see ScreeningCandidates). */
  screeningCandidates(at: PointInTime, items: readonly string[], destination: string): Rule[] {
    return this.screening.find(at, items, destination);
  }

  /**
   * What changed in effective time over (from, to], as known at `knownAt`: each rule with a
   * change in the window, as it stood at `from` and at `to`; one page, in rule id order, of at
   * most `limit` changes found among at most CHANGES_SCAN_LIMIT rules after `after`.
   */
  changes(from: string, to: string, knownAt: string, { after, limit, scan = CHANGES_SCAN_LIMIT }: ChangePageRequest): ChangePage {
    const rows = this.statements.changedBetween.all({
      from: Date.parse(from),
      to: Date.parse(to),
      after: after ?? '',
      scan,
    });
    const changes: RuleChange[] = [];
    for (const [index, { rule_id, changed }] of rows.entries()) {
      if (!changed) continue;
      const before = this.ruleAt(rule_id, { asOf: from, knownAt }) ?? null;
      const after = this.ruleAt(rule_id, { asOf: to, knownAt }) ?? null;
      // A version in the window that was recorded after knownAt changes nothing as known then.
      if (after?.revision === before?.revision) continue;
      changes.push({ ruleId: rule_id, before, after });
      if (changes.length === limit) return { changes, nextCursor: index < rows.length - 1 || rows.length === scan ? rule_id : undefined };
    }
    return { changes, nextCursor: rows.length === scan ? rows[rows.length - 1].rule_id : undefined };
  }

  /** The query plans of the point-in-time queries, for checking they stay index lookups. */
  explain(): Record<string, string[]> {
    const plan = (sql: string, params: Record<string, unknown> | unknown[]) =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail);
    const named = { asOf: 0, knownAt: 0, limit: 1, destination: 'x', product: 'x', status: 0, authority: 'x', after: 'x' };
    const plans: Record<string, string[]> = {
      ruleAt: plan(this.statements.at.source, { ruleId: 'x', asOf: 0, knownAt: 0 }),
      changes: plan(this.statements.changedBetween.source, { from: 0, to: 0, after: '', scan: 1 }),
      screeningCandidates: plan(this.screening.source, { asOf: 0, knownAt: 0, word: 'x|x' }),
    };
    for (const driver of LIST_DRIVERS) {
      plans[`list by ${driver}`] = plan(
        listSql(driver, TAG_KIND.destination, { destination: 'x', authority: 'x', status: 'approved' }, true),
        named,
      );
    }
    return plans;
  }

  /**
   * A rule started: proposals only add rules, so the bound holds until one starts earlier
   * than it (rare: a late-recorded proposal), which drops it.
   */
  ruleStarted(validFrom: number, recordedAt: number): void {
    const bound = this.fewRulesBound;
    if (bound && (validFrom < bound.validFrom || recordedAt < bound.recordedAt)) this.fewRulesBound = undefined;
  }

  /** What the bound was found from, and what the caches hold, may have just been rolled back. */
  forgetUncommitted(): void {
    this.fewRulesBound = undefined;
    this.screening.forgetUncommitted();
    this.texts.clear();
    this.listedJson.clear();
  }

  /**
   * The rules visible at a point in time, in rule id order, one page. A rule is visible from
   * its first version on, so the candidates are the rules that started by then; each one's
   * visible version is found on its index and filtered. When few rules had started the
   * candidates are taken by time and sorted; otherwise rules are walked in id order (or, with
   * a product or destination filter, the rules ever tagged with that word, which are fewer)
   * until the page is full.
   */
  private listEntries(at: PointInTime, filters: RuleFilters, page: PageRequest): { entries: PageEntry[]; more: boolean } {
    const asOf = Date.parse(at.asOf);
    const knownAt = Date.parse(at.knownAt);
    if (this.index?.ready) {
      // In memory a walk of every rule costs about a millisecond at 100,000 rules, so the index
      // serves the plans by time too: it walks the filter word's rules, or all of them.
      const listed = listFromIndex(this.index.index, asOf, knownAt, filters, page.after, page.limit + 1);
      const more = listed.length > page.limit;
      const entries = (more ? listed.slice(0, page.limit) : listed).map((entry): PageEntry => ({
        ruleId: entry.rule.id,
        revision: entry.version.revision,
        row: () => this.versionRow(entry),
      }));
      return { entries, more };
    }
    const { driver, tag, key } = planList(this.fewRules(), asOf, knownAt, filters, page.after !== undefined);
    let statement = this.listStatements.get(key);
    if (!statement) {
      statement = this.db.prepare(listSql(driver, tag, filters, page.after !== undefined));
      this.listStatements.set(key, statement);
    }
    const rows = statement.all(listParams(asOf, knownAt, filters, page)) as VersionRow[];
    const more = rows.length > page.limit;
    const entries = (more ? rows.slice(0, page.limit) : rows).map((row): PageEntry => ({
      ruleId: row.rule_id,
      revision: row.revision,
      row: () => row,
    }));
    return { entries, more };
  }

  /** A version chosen from the index, with its terms and sources as stored (kept once read). */
  private versionRow({ rule, version }: ListedVersion): VersionRow {
    return indexedRow(rule, version, this.texts.termsText(version.termsId), this.texts.sourcesJson(rule.id, version.sources));
  }

  /**
   * The start times of the FEW_RULES-th rule on each clock: asked before either, fewer than
   * FEW_RULES rules exist.
   */
  private fewRules(): FewRulesBound | undefined {
    if (this.fewRulesBound) return this.fewRulesBound;
    const validFrom = this.statements.nthValidFrom.get(this.fewRulesThreshold)?.t;
    const recordedAt = this.statements.nthRecordedAt.get(this.fewRulesThreshold)?.t;
    if (validFrom === undefined || recordedAt === undefined) return undefined;
    this.fewRulesBound = { validFrom, recordedAt };
    return this.fewRulesBound;
  }
}
