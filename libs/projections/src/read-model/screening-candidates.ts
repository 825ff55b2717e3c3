import Database from 'better-sqlite3';
import { PointInTime, Rule, Source } from '@policy/domain';
import { LRUCache } from 'lru-cache';
import { LiveVersionIndex } from './live-version-index';
import { StoredTextCache } from './stored-text.cache';
import { visibleRevision } from './rule-versions.sql';
import { eventOfCode, SCREENING_TAG_KIND, screeningWord, statusCode, statusOfCode } from './stored-codes.codec';
import { indexedRow, VersionRow } from './version-row.codec';

/** Terms kept parsed, by id: a few thousand distinct rules cover most screenings' candidates. */
const TERMS_CACHED = 20_000;
/** Source lists kept parsed, by rule and length. */
const SOURCES_CACHED = 20_000;
/**
 * Whole versions kept as the Rule a candidate is, by rule and revision: the bench's fifty
 * 100-line questions meet 30,000 distinct versions (about 0.5 KiB each here, sharing their
 * terms' arrays with the terms cache).
 */
const VERSIONS_CACHED = 50_000;

/** A rescinded rule decides nothing and is not pending: not a candidate (a fifth of them at the bench's history). */
const RESCINDED = statusCode('rescinded');

/** A version row without its terms and sources, which come from the caches: their ids instead. */
type CandidateRow = Omit<VersionRow, 'terms' | 'sources_json'> & { terms_id: number };

/**
 * The rules a screening line is matched against. The screening word of the line's item and
 * country finds the few rules that name both; each one's visible version comes from the
 * index, and its terms and sources from memory where they were read before: a version's terms
 * row and a rule's first n sources never change once committed, and parsing them was most of
 * a candidate's cost. What a rolled-back transaction wrote may have been cached (ids and
 * revisions are then reused), so `forgetUncommitted` empties the caches.
 */
export class ScreeningCandidates {
  private readonly statements;
  private readonly terms = new LRUCache<number, Omit<Rule['terms'], 'sources'>>({ max: TERMS_CACHED });
  private readonly sourceLists = new LRUCache<string, readonly Source[]>({ max: SOURCES_CACHED });
  private readonly versions = new LRUCache<string, Rule>({ max: VERSIONS_CACHED });

  constructor(
    db: Database.Database,
    private readonly texts: StoredTextCache,
    private readonly index?: LiveVersionIndex,
  ) {
    this.statements = {
      candidates: db.prepare<{ asOf: number; knownAt: number; word: string }, CandidateRow>(
        `SELECT v.rule_id, v.revision, v.valid_from, v.recorded_at, v.status, v.last_event, v.terms_id, v.sources, r.first_valid_from
         FROM rule_tags g INDEXED BY rule_tags_by_word CROSS JOIN rules r CROSS JOIN rule_versions v INDEXED BY rule_versions_by_rule
         WHERE g.kind = '${SCREENING_TAG_KIND}' AND g.word = :word AND g.valid_from <= :asOf AND g.recorded_at <= :knownAt
           AND r.rule_id = g.rule_id AND v.rule_id = r.rule_id AND v.revision = ${visibleRevision('r.rule_id')}
           AND v.tags_revision = g.revision AND v.status != ${RESCINDED}`,
      ),
    };
  }

  /**
   * The rules visible at `at`, not rescinded there, that name one of `items` (product or family
   * words) together with the country, each once, in rule id order.
   */
  find(at: PointInTime, items: readonly string[], country: string): Rule[] {
    const asOf = Date.parse(at.asOf);
    const knownAt = Date.parse(at.knownAt);
    const found = new Map<string, Rule>();
    for (const item of new Set(items.map((word) => word.toLowerCase()))) {
      const word = screeningWord(item, country);
      const rows = this.index?.ready
        ? this.fromIndex(this.index, asOf, knownAt, word)
        : this.statements.candidates.all({ asOf, knownAt, word });
      for (const row of rows) {
        if (!found.has(row.rule_id)) found.set(row.rule_id, this.cachedRule(row));
      }
    }
    return [...found.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  }

  /** What the candidates query selects, from the in-memory index: the same rows, in the same order. */
  private fromIndex({ index }: LiveVersionIndex, asOf: number, knownAt: number, word: string): CandidateRow[] {
    const rows: CandidateRow[] = [];
    index.posting(SCREENING_TAG_KIND, word)?.forEach(undefined, (rule, data, at) => {
      if (data[at + 1] > asOf || data[at + 2] > knownAt) return true;
      const visible = index.visible(rule, asOf, knownAt);
      if (visible < 0 || index.tagsRevision(rule, visible) !== data[at] || index.status(rule, visible) === RESCINDED) return true;
      rows.push(indexedRow(rule, index.version(rule, visible)));
      return true;
    });
    return rows;
  }

  forgetUncommitted(): void {
    this.versions.clear();
    this.terms.clear();
    this.sourceLists.clear();
  }

  /** The query plan, for checking it stays index lookups. */
  get source(): string {
    return this.statements.candidates.source;
  }

  /**
   * A committed version never changes, so the Rule built for it once is handed out again (the
   * candidates and the answers made from them are never mutated): building one, three dates
   * and a copy of its terms, was the main cost of a candidate once the index chose it.
   */
  private cachedRule(row: CandidateRow): Rule {
    const key = `${row.rule_id}\u0000${row.revision}`;
    let rule = this.versions.get(key);
    if (rule === undefined) {
      rule = this.rule(row);
      this.versions.set(key, rule);
    }
    return rule;
  }

  /** The same state `toRule` gives for the row, with the key order of `evolve`'s state. */
  private rule(row: CandidateRow): Rule {
    return {
      status: statusOfCode(row.status),
      ruleId: row.rule_id,
      terms: { ...this.termsOf(row.terms_id), sources: this.sourcesOf(row.rule_id, row.sources) } as Rule['terms'],
      proposedAt: new Date(row.first_valid_from).toISOString(),
      revision: row.revision,
      effectiveAt: new Date(row.valid_from).toISOString(),
      recordedAt: new Date(row.recorded_at).toISOString(),
      lastEvent: eventOfCode(row.last_event),
    };
  }

  private termsOf(id: number): Omit<Rule['terms'], 'sources'> {
    let terms = this.terms.get(id);
    if (terms === undefined) {
      // Stored with "sources":0 in the sources' place, which the spread above overwrites in place.
      terms = JSON.parse(this.texts.termsText(id)) as Omit<Rule['terms'], 'sources'>;
      this.terms.set(id, terms);
    }
    return terms;
  }

  private sourcesOf(ruleId: string, count: number): readonly Source[] {
    if (count === 0) return [];
    const key = `${ruleId}\u0000${count}`;
    let sources = this.sourceLists.get(key);
    if (sources === undefined) {
      sources = JSON.parse(this.texts.sourcesJson(ruleId, count)) as Source[];
      this.sourceLists.set(key, sources);
    }
    return sources;
  }
}
