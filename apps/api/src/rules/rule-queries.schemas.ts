import { z } from 'zod';
import { Instant, RuleId, RuleStatus } from '@policy/domain';
import { DecimalInt, EmptyAsAbsent } from '../http/query-params';

/**
 * A point in both clocks. `asOf` (effective time): what was in force then; `knownAt`
 * (recorded time): as our records stood then. Both default to now.
 */
export const PointInTimeQuery = z.strictObject({
  asOf: Instant.optional(),
  knownAt: Instant.optional(),
  /** `replay` folds the rule's log instead of reading the read model: the two must agree. */
  consistency: z.enum(['read-model', 'replay']).default('read-model'),
});
export type PointInTimeQuery = z.infer<typeof PointInTimeQuery>;

export const ListRulesQuery = PointInTimeQuery.omit({ consistency: true }).extend({
  status: RuleStatus.optional(),
  product: z.string().trim().min(1).max(100).optional(),
  destination: z.string().trim().min(1).max(200).optional(),
  authority: z.string().trim().min(1).max(200).optional(),
  limit: DecimalInt(1, 1000).default(100),
  after: EmptyAsAbsent(RuleId),
});
export type ListRulesQuery = z.infer<typeof ListRulesQuery>;

/** Paged like the rule list: `limit` changes at most, after the `after` rule id (the last page's `nextCursor`). */
export const ChangesQuery = z
  .strictObject({
    from: Instant,
    to: Instant,
    knownAt: Instant.optional(),
    limit: DecimalInt(1, 500).default(100),
    after: EmptyAsAbsent(RuleId),
  })
  .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] });
export type ChangesQuery = z.infer<typeof ChangesQuery>;

export const RuleIdParam = RuleId;

/** For routes that take no query parameters: an unknown one is a 400, not silently ignored. */
export const NoQuery = z.strictObject({});
export type NoQuery = z.infer<typeof NoQuery>;
