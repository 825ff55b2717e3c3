import { RuleFilters } from './read-model.types';
import { drivingTag } from './rule-list.planner';
import { statusFilterCode, TAG_FILTER, TAG_KIND } from './stored-codes.codec';
import { IndexedRule, IndexedVersion, Posting, VersionIndex } from './version-index';

/** A version a list page shows: the rule and the version, chosen from the index. */
export type ListedVersion = { readonly rule: IndexedRule; readonly version: IndexedVersion };

const TAG_FILTERS = [
  [TAG_KIND.authority, 'authority'],
  [TAG_KIND.product, 'product'],
  [TAG_KIND.destination, 'destination'],
] as const;

/**
 * The versions of one list page, chosen from the in-memory index as `listSql` chooses them from
 * the tables, walking the driving filter word's rules (`drivingTag`) or, with none, all rules
 * in id order: each candidate's visible version, kept when it passes the filters, until `limit`
 * are found.
 * A word no rule was ever tagged with lists nothing.
 */
export const listFromIndex = (
  index: VersionIndex,
  asOf: number,
  knownAt: number,
  filters: RuleFilters,
  after: string | undefined,
  limit: number,
): ListedVersion[] => {
  const tag = drivingTag(filters);
  const status = filters.status === undefined ? undefined : statusFilterCode(filters.status);
  const checks: Posting[] = [];
  for (const [kind, name] of TAG_FILTERS) {
    const word = filters[name];
    if (word === undefined || kind === tag) continue;
    const posting = index.posting(kind, word.toLowerCase());
    if (posting === undefined) return [];
    checks.push(posting);
  }
  const listed: ListedVersion[] = [];
  /**
   * Keeps the rule's visible version if it passes the filters (and, walking a word, is tagged
   * at `revision`); false once the page is full.
   */
  const consider = (rule: IndexedRule, revision: number | undefined): boolean => {
    const visible = index.visible(rule, asOf, knownAt);
    if (visible < 0) return true;
    const tagsRevision = index.tagsRevision(rule, visible);
    if (revision !== undefined && tagsRevision !== revision) return true;
    if (status !== undefined && index.status(rule, visible) !== status) return true;
    if (!checks.every((posting) => posting.has(rule, tagsRevision))) return true;
    listed.push({ rule, version: index.version(rule, visible) });
    return listed.length < limit;
  };
  if (tag === undefined) {
    // Most rules of an early page had not started: passed over without a search.
    index.forEachRule(after, (rule) => (rule.firstValidFrom <= asOf && rule.firstRecordedAt <= knownAt ? consider(rule, undefined) : true));
    return listed;
  }
  index
    .posting(tag, filters[TAG_FILTER[tag]]!.toLowerCase())
    ?.forEach(after, (rule, data, at) => (data[at + 1] <= asOf && data[at + 2] <= knownAt ? consider(rule, data[at]) : true));
  return listed;
};
