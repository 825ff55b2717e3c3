import { RuleOrderedChunks } from './rule-ordered-chunks';

/**
 * The read model's visibility data held in memory: every rule, each version's clocks and codes,
 * and the filter and screening words (rule_tags) with the clocks of the version that introduced
 * them. A list or a screening walks it to learn which rule versions it shows, instead of seeking
 * two clock indexes and a version row per candidate in SQLite (about 10 µs each, most of a
 * screening's and nearly all of a list's time at 100,000 rules); SQLite is left only the terms
 * and sources of what the answer holds.
 *
 * It mirrors the tables exactly and changes with them: the writer adds to it as it inserts rows,
 * inside the caller's transaction, and `rollback` undoes what was added since the last `commit`.
 * Memory grows with the versions and words, not with the log's text: about 250 MiB of heap at
 * the bench's history (100,000 rules, 1M versions, 1.85M tags).
 */

/** A version as indexed: the columns of rule_versions a list or a screening needs to choose it. */
export interface IndexedVersion {
  readonly revision: number;
  readonly validFrom: number;
  readonly recordedAt: number;
  readonly status: number;
  readonly lastEvent: number;
  readonly termsId: number;
  readonly sources: number;
  readonly tagsRevision: number;
}

/** Numbers per version in `IndexedRule.versions`, in IndexedVersion's order. */
const STRIDE = 8;
const [REVISION, VALID_FROM, RECORDED_AT, STATUS, LAST_EVENT, TERMS_ID, SOURCES, TAGS_REVISION] = [0, 1, 2, 3, 4, 5, 6, 7];

/** One rule: where its history starts, and its versions in revision order, STRIDE numbers each. */
export interface IndexedRule {
  readonly id: string;
  readonly firstValidFrom: number;
  readonly firstRecordedAt: number;
  readonly versions: number[];
}

/**
 * The rules tagged with one word, in (rule id, revision) order: per entry the tag row's revision,
 * valid_from and recorded_at (`data[at]`, `data[at + 1]`, `data[at + 2]` in a visit). A row is
 * visible at (asOf, knownAt) only if both its clocks are, since no version of its revision is
 * visible before them.
 */
export type Posting = RuleOrderedChunks<IndexedRule>;

/** Numbers per posting entry: revision, valid_from, recorded_at. */
const POSTING_WIDTH = 3;

/** A posting's key: the tag kind and the word, as rule_tags stores them. */
const postingKey = (kind: string, word: string): string => `${kind}\u0000${word}`;

export class VersionIndex {
  private readonly byId = new Map<string, IndexedRule>();
  /** Every rule in id order. */
  private readonly order = new RuleOrderedChunks<IndexedRule>(0);
  private readonly postings = new Map<string, Posting>();
  /** How to take back what was added since the last commit, newest last. */
  private undo: (() => void)[] = [];
  /** Off while loading from a committed file: there is nothing to take back. */
  private journaled = true;

  get rules(): number {
    return this.order.size;
  }

  rule(ruleId: string): IndexedRule | undefined {
    return this.byId.get(ruleId);
  }

  posting(kind: string, word: string): Posting | undefined {
    return this.postings.get(postingKey(kind, word));
  }

  /** Calls `visit` with each rule after `after` (all, without) in id order, until it returns false. */
  forEachRule(after: string | undefined, visit: (rule: IndexedRule) => boolean): void {
    this.order.forEach(after, visit);
  }

  addRule(ruleId: string, firstValidFrom: number, firstRecordedAt: number): void {
    const rule: IndexedRule = { id: ruleId, firstValidFrom, firstRecordedAt, versions: [] };
    this.byId.set(ruleId, rule);
    this.order.insert(rule, []);
    this.journal(() => {
      this.order.remove(rule);
      this.byId.delete(ruleId);
    });
  }

  addVersion(ruleId: string, version: IndexedVersion): void {
    const rule = this.byId.get(ruleId);
    if (rule === undefined) throw new Error(`the version index has no rule ${ruleId}`);
    const v = version;
    const fields = [v.revision, v.validFrom, v.recordedAt, v.status, v.lastEvent, v.termsId, v.sources, v.tagsRevision];
    // In revision order; rows read back from a file built in parts may come out of it.
    let at = rule.versions.length;
    while (at > 0 && rule.versions[at - STRIDE + REVISION] > v.revision) at -= STRIDE;
    if (at === rule.versions.length) rule.versions.push(...fields);
    else rule.versions.splice(at, 0, ...fields);
    this.journal(() => rule.versions.splice(at, STRIDE));
  }

  addTag(kind: string, word: string, ruleId: string, revision: number, validFrom: number, recordedAt: number): void {
    const rule = this.byId.get(ruleId);
    if (rule === undefined) throw new Error(`the version index has no rule ${ruleId}`);
    const key = postingKey(kind, word);
    let posting = this.postings.get(key);
    if (posting === undefined) {
      posting = new RuleOrderedChunks<IndexedRule>(POSTING_WIDTH);
      this.postings.set(key, posting);
    }
    const target = posting;
    target.insert(rule, [revision, validFrom, recordedAt]);
    this.journal(() => {
      target.remove(rule, revision);
      if (target.size === 0) this.postings.delete(key);
    });
  }

  /** What was added so far is in the file for good. */
  commit(): void {
    this.undo = [];
  }

  /** Takes back what was added since the last commit, as the file's ROLLBACK does. */
  rollback(): void {
    for (let n = this.undo.length - 1; n >= 0; n--) this.undo[n]();
    this.undo = [];
  }

  /** Adds without keeping a way back: for filling the index from committed rows. */
  loading(fill: () => void): void {
    this.journaled = false;
    try {
      fill();
    } finally {
      this.journaled = true;
    }
  }

  /**
   * The index of the version visible at (asOf, knownAt), or -1: the earlier of the last version
   * in force by asOf and the last recorded by knownAt, since both clocks only grow within a rule.
   */
  visible(rule: IndexedRule, asOf: number, knownAt: number): number {
    const byValid = lastAtOrBefore(rule.versions, VALID_FROM, asOf);
    if (byValid < 0) return -1;
    return Math.min(byValid, lastAtOrBefore(rule.versions, RECORDED_AT, knownAt));
  }

  version(rule: IndexedRule, index: number): IndexedVersion {
    const v = rule.versions;
    const at = index * STRIDE;
    return {
      revision: v[at + REVISION],
      validFrom: v[at + VALID_FROM],
      recordedAt: v[at + RECORDED_AT],
      status: v[at + STATUS],
      lastEvent: v[at + LAST_EVENT],
      termsId: v[at + TERMS_ID],
      sources: v[at + SOURCES],
      tagsRevision: v[at + TAGS_REVISION],
    };
  }

  status(rule: IndexedRule, index: number): number {
    return rule.versions[index * STRIDE + STATUS];
  }

  tagsRevision(rule: IndexedRule, index: number): number {
    return rule.versions[index * STRIDE + TAGS_REVISION];
  }

  private journal(undo: () => void): void {
    if (this.journaled) this.undo.push(undo);
  }
}

/** The last version whose `field` is at most `bound`, or -1 (the field only grows along them). */
const lastAtOrBefore = (versions: readonly number[], field: number, bound: number): number => {
  let low = 0;
  let high = versions.length / STRIDE;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (versions[mid * STRIDE + field] <= bound) low = mid + 1;
    else high = mid;
  }
  return low - 1;
};
