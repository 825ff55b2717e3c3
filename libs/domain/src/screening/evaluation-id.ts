import { z } from 'zod';

/**
 * Identity of a recorded evaluation, chosen by the server (a UUID in practice). It names the
 * stream `policy-evaluation-<id>`, so like a rule id it must stay URL- and stream-safe.
 */
export const EvaluationId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/, 'a lowercase slug (a-z, 0-9, "-") of at most 120 characters, or a UUID');
export type EvaluationId = z.infer<typeof EvaluationId>;

export const EVALUATION_STREAM_PREFIX = 'policy-evaluation-';

/** Stream per recorded evaluation: written once, never appended to. */
export const evaluationStreamName = (evaluationId: EvaluationId): string => `${EVALUATION_STREAM_PREFIX}${evaluationId}`;
