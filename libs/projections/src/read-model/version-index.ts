import { NumberRun, NumberRuns } from './number-runs';
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
 * Memory grows with the versions and words, not with the log's text. The numbers are kept
 * outside the JS heap (NumberRuns, and the postings' Float64Arrays), so that young-generation
 * collections, which walk every old-space page, stay short.
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

/** Numbers per version in an IndexedRule's run, in IndexedVersion's order. */
const STRIDE = 8;
const [REVISION, VALID_FROM, RECORDED_AT, STATUS, LAST_EVENT, TERMS_ID, SOURCES, TAGS_REVISION] = [0, 1, 2, 3, 4, 5, 6, 7];

/**
 * One rule: where its history starts, and (as its NumberRun, changed only by the index) its
 * versions in revision order, STRIDE numbers each.
 */
export interface IndexedRule extends NumberRun {
  readonly id: string;
  readonly firstValidFrom: number;
  readonly firstRecordedAt: number;
}

/** Room a new rule's run starts with: two versions. */
const FIRST_ROOM = 2 * STRIDE;

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
  private readonly runs = new NumberRuns();
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
    const [slab, offset] = this.runs.place(FIRST_ROOM);
    const rule: IndexedRule = { id: ruleId, firstValidFrom, firstRecordedAt, slab, offset, length: 0, room: FIRST_ROOM };
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
    this.runs.reserve(rule, STRIDE);
    // In revision order; rows read back from a file built in parts may come out of it.
    let at = rule.length;
    while (at > 0 && rule.slab[rule.offset + at - STRIDE + REVISION] > v.revision) at -= STRIDE;
    const start = rule.offset + at;
    if (at < rule.length) rule.slab.copyWithin(start + STRIDE, start, rule.offset + rule.length);
    const slab = rule.slab;
    slab[start + REVISION] = v.revision;
    slab[start + VALID_FROM] = v.validFrom;
    slab[start + RECORDED_AT] = v.recordedAt;
    slab[start + STATUS] = v.status;
    slab[start + LAST_EVENT] = v.lastEvent;
    slab[start + TERMS_ID] = v.termsId;
    slab[start + SOURCES] = v.sources;
    slab[start + TAGS_REVISION] = v.tagsRevision;
    rule.length += STRIDE;
    this.runs.grew(STRIDE);
    // `at` counts from the run's start, which stays right wherever the run moves.
    this.journal(() => {
      rule.slab.copyWithin(rule.offset + at, rule.offset + at + STRIDE, rule.offset + rule.length);
      rule.length -= STRIDE;
      this.runs.grew(-STRIDE);
    });
    if (this.runs.wasteful()) this.compact();
  }

  /** Packs the versions' numbers again, leaving no room behind (after a load, say). */
  compact(): void {
    this.runs.compact(this.byId.values());
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
    const byValid = lastAtOrBefore(rule, VALID_FROM, asOf);
    if (byValid < 0) return -1;
    return Math.min(byValid, lastAtOrBefore(rule, RECORDED_AT, knownAt));
  }

  version(rule: IndexedRule, index: number): IndexedVersion {
    const v = rule.slab;
    const at = rule.offset + index * STRIDE;
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
    return rule.slab[rule.offset + index * STRIDE + STATUS];
  }

  tagsRevision(rule: IndexedRule, index: number): number {
    return rule.slab[rule.offset + index * STRIDE + TAGS_REVISION];
  }

  private journal(undo: () => void): void {
    if (this.journaled) this.undo.push(undo);
  }
}

/** The last of the rule's versions whose `field` is at most `bound`, or -1 (the field only grows along them). */
const lastAtOrBefore = (rule: IndexedRule, field: number, bound: number): number => {
  const { slab, offset } = rule;
  let low = 0;
  let high = rule.length / STRIDE;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (slab[offset + mid * STRIDE + field] <= bound) low = mid + 1;
    else high = mid;
  }
  return low - 1;
};
