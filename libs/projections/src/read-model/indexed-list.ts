import { RuleFilters } from './read-model.types';
import { ListDriver } from './rule-list.planner';
import { statusFilterCode, TAG_FILTER, TAG_KIND, TagKind } from './stored-codes.codec';
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
 * the tables, walking rules in id order (`id`) or a filter word's rules (`tag`): each
 * candidate's visible version, kept when it passes the filters, until `limit` are found.
 * A word no rule was ever tagged with lists nothing.
 */
export const listFromIndex = (
  index: VersionIndex,
  driver: Extract<ListDriver, 'id' | 'tag'>,
  tag: TagKind | undefined,
  asOf: number,
  knownAt: number,
  filters: RuleFilters,
  after: string | undefined,
  limit: number,
): ListedVersion[] => {
  const status = filters.status === undefined ? undefined : statusFilterCode(filters.status);
  const checks: Posting[] = [];
  for (const [kind, name] of TAG_FILTERS) {
    const word = filters[name];
    if (word === undefined || (driver === 'tag' && kind === tag)) continue;
    const posting = index.posting(kind, word.toLowerCase());
    if (posting === undefined) return [];
    checks.push(posting);
  }
  const listed: ListedVersion[] = [];
  /** The rule's visible version if it passes the filters (and, walking a word, is tagged at `revision`). */
  const consider = (rule: IndexedRule, revision: number | undefined): void => {
    const visible = index.visible(rule, asOf, knownAt);
    if (visible < 0) return;
    const tagsRevision = index.tagsRevision(rule, visible);
    if (revision !== undefined && tagsRevision !== revision) return;
    if (status !== undefined && index.status(rule, visible) !== status) return;
    if (!checks.every((posting) => posting.has(rule, tagsRevision))) return;
    listed.push({ rule, version: index.version(rule, visible) });
  };
  if (driver === 'id') {
    for (let n = index.firstRuleAfter(after); listed.length < limit; n++) {
      const rule = index.ruleAt(n);
      if (rule === undefined) break;
      // Most rules of an early page had not started: passed over without a search.
      if (rule.firstValidFrom <= asOf && rule.firstRecordedAt <= knownAt) consider(rule, undefined);
    }
    return listed;
  }
  const word = filters[TAG_FILTER[tag!]];
  const posting = word === undefined ? undefined : index.posting(tag!, word.toLowerCase());
  if (posting === undefined) return listed;
  for (let k = after === undefined ? 0 : posting.firstAfter(after); k < posting.size && listed.length < limit; k++) {
    if (posting.visibleAt(k, asOf, knownAt)) consider(posting.rules[k], posting.revisionAt(k));
  }
  return listed;
};
