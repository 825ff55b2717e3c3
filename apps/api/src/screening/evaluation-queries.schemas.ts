import { EvaluationId, Instant } from '@policy/domain';
import { z } from 'zod';
import { DecimalInt, EmptyAsAbsent, Position } from '../http/query-params';

export const EvaluationIdParam = EvaluationId;

/** `GET /evaluations/:id/recheck?knownAt=`: ask again as known then (default: everything recorded). */
export const RecheckQuery = z.strictObject({ knownAt: Instant.optional() });
export type RecheckQuery = z.infer<typeof RecheckQuery>;

/**
 * `GET /evaluations?affectedSince=<position>`: the recorded evaluations that what was recorded
 * after that position changes; paged by the evaluations' own positions (`after`).
 */
export const AffectedQuery = z.strictObject({
  affectedSince: Position,
  after: EmptyAsAbsent(Position),
  limit: DecimalInt(1, 200).default(50),
});
export type AffectedQuery = z.infer<typeof AffectedQuery>;
