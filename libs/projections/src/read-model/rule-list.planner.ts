import { assertNever } from '@policy/domain';
import { PageRequest, RuleFilters } from './read-model.types';
import { VERSION_COLUMNS, visibleRevision } from './rule-versions.sql';
import { statusFilterCode, TAG_FILTER, TAG_KIND, TagKind } from './stored-codes.codec';

/**
 * Below this many rules in existence at the asked time, a list is found by time (those rules,
 * sorted); above it, by walking rules in id order until the page is full. Either way at most
 * about this many rows are looked at: the crossing point of the two costs is the square root
 * of (page size x rules), a few thousand for this service's sizes.
 */
export const FEW_RULES = 3000;

/**
 * The start times of the FEW_RULES-th rule on each clock: asked before either, fewer than
 * FEW_RULES rules exist.
 */
export type FewRulesBound = { validFrom: number; recordedAt: number };

/**
 * What a list walks first: the rules started by then, by first effective (`valid`) or first
 * recorded (`recorded`) time; all rules in id order (`id`); or the rules tagged with the
 * driving filter's word (`tag`).
 */
export type ListDriver = 'valid' | 'recorded' | 'id' | 'tag';

export const LIST_DRIVERS: readonly ListDriver[] = ['valid', 'recorded', 'id', 'tag'];

const LIST_FILTERS = ['status', 'authority', 'product', 'destination'] as const;

/**
 * The tag filter to walk when several are given: destinations include rare named parties,
 * products split the rules a dozen ways, authorities only eight or so.
 */
export const drivingTag = (filters: RuleFilters): TagKind | undefined =>
  filters.destination !== undefined
    ? TAG_KIND.destination
    : filters.product !== undefined
      ? TAG_KIND.product
      : filters.authority !== undefined
        ? TAG_KIND.authority
        : undefined;

/** The plan for one list, and the key its prepared statement is kept under. */
export type ListPlan = { driver: ListDriver; tag: TagKind | undefined; key: string };

export const planList = (
  bound: FewRulesBound | undefined,
  asOf: number,
  knownAt: number,
  filters: RuleFilters,
  after: boolean,
): ListPlan => {
  const tag = drivingTag(filters);
  const driver: ListDriver =
    bound === undefined || asOf < bound.validFrom ? 'valid' : knownAt < bound.recordedAt ? 'recorded' : tag ? 'tag' : 'id';
  const key = [driver, tag, ...LIST_FILTERS.map((name) => filters[name] !== undefined), after].join('|');
  return { driver, tag, key };
};

/** The named parameters of a list query (`listSql`). */
export const listParams = (asOf: number, knownAt: number, filters: RuleFilters, page: PageRequest): Record<string, string | number> => {
  const params: Record<string, string | number> = { asOf, knownAt, limit: page.limit + 1 };
  if (filters.status !== undefined) params.status = statusFilterCode(filters.status);
  if (filters.authority !== undefined) params.authority = filters.authority.toLowerCase();
  if (filters.product !== undefined) params.product = filters.product.toLowerCase();
  if (filters.destination !== undefined) params.destination = filters.destination.toLowerCase();
  if (page.after !== undefined) params.after = page.after;
  return params;
};

/** Tag filters in the order their EXISTS checks are written. */
const TAG_CHECKS = [
  [TAG_KIND.authority, 'authority'],
  [TAG_KIND.product, 'product'],
  [TAG_KIND.destination, 'destination'],
] as const;

/**
 * The list query for one plan. CROSS JOIN fixes the loop order (SQLite never reorders it), so
 * the driving table is walked in its index order and ORDER BY needs no sort except for the
 * time plans, whose candidates are few by construction.
 */
export const listSql = (driver: ListDriver, tag: TagKind | undefined, filters: RuleFilters, after: boolean): string => {
  const where: string[] = ['r.first_valid_from <= :asOf', 'r.first_recorded_at <= :knownAt'];
  if (driver === 'valid' || driver === 'recorded') where.push('r.rule_id = c.rule_id');
  if (filters.status !== undefined) where.push('v.status = :status');
  for (const [kind, name] of TAG_CHECKS) {
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
