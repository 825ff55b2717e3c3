import { z } from 'zod';
import { Condition, CountryCode, Effect, Instrument, RuleId, Source } from '../rule-terms';
import { Instant } from '../time';
import { EvaluationId } from './evaluation-id';
import { LineId } from './evaluation-request';
import { Verdict } from './verdict';

/** A rule's revision: the position of its last event in its own stream, from 0. */
const Revision = z.number().int().nonnegative();

/**
 * A rule in force that applies to the line: one version of it (`revision`), with the times of
 * that version's last change, so an auditor can cite exactly what decided.
 */
export const RuleInForce = z.strictObject({
  ruleId: RuleId,
  revision: Revision,
  status: z.literal('approved'),
  effect: Effect,
  jurisdiction: CountryCode,
  authority: z.string(),
  instrument: Instrument,
  title: z.string(),
  effectiveAt: Instant,
  recordedAt: Instant,
  conditions: z.array(Condition),
  sources: z.array(Source),
});
export type RuleInForce = z.infer<typeof RuleInForce>;

/** A rule that applies but is not in force (a bill, a draft, a paused restriction): it never decides. */
export const PendingRule = z.strictObject({
  ruleId: RuleId,
  revision: Revision,
  status: z.enum(['proposed', 'paused']),
  effect: Effect,
  jurisdiction: CountryCode,
  title: z.string(),
  effectiveAt: Instant,
});
export type PendingRule = z.infer<typeof PendingRule>;

/**
 * One issuing state's verdict on the line: the most restrictive of its rules in force, and the
 * rules that gave that verdict (less restrictive ones still appear in the line's `rules`).
 * Only states with a rule in force are listed.
 */
export const JurisdictionVerdict = z.strictObject({
  jurisdiction: CountryCode,
  verdict: Verdict,
  ruleIds: z.array(RuleId),
});
export type JurisdictionVerdict = z.infer<typeof JurisdictionVerdict>;

/**
 * The answer for one line. `verdict` is the most restrictive of its jurisdictions' verdicts
 * (`not-covered` when none has a rule in force). Lists are in a stable order: jurisdictions by
 * code, rules and pending rules by rule id, so the same question always reads the same.
 */
export const LineAnswer = z.strictObject({
  lineId: LineId,
  verdict: Verdict,
  jurisdictions: z.array(JurisdictionVerdict),
  rules: z.array(RuleInForce),
  pending: z.array(PendingRule),
});
export type LineAnswer = z.infer<typeof LineAnswer>;

/**
 * The answer of `POST /evaluations`. `position` is the log position it reflects: asked again
 * with the same `at`, `knownAt` and position, the same question gives this same answer.
 * `evaluationId` is present when the evaluation was recorded.
 */
export const EvaluationAnswer = z.strictObject({
  evaluationId: EvaluationId.optional(),
  at: Instant,
  knownAt: Instant,
  position: z.number().int().nonnegative(),
  lines: z.array(LineAnswer),
});
export type EvaluationAnswer = z.infer<typeof EvaluationAnswer>;
