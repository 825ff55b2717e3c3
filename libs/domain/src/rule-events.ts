import { z } from 'zod';
import { Annotation, RuleChanges, RuleId, RuleTerms, Source } from './rule-terms';
import { Instant } from './time';

/**
 * Every rule event carries both clocks:
 * - `effectiveAt`: when the change holds in the real world (backdated or scheduled);
 * - `recordedAt`: when this service stored it, from the server's clock.
 */
const base = {
  ruleId: RuleId,
  effectiveAt: Instant,
  recordedAt: Instant,
};

const annotated = z.strictObject({
  reason: Annotation.reason,
  sources: z.array(Source).max(100),
});

export const RuleProposed = z.strictObject({
  type: z.literal('RuleProposed'),
  ...base,
  data: z.strictObject({ terms: RuleTerms, reason: Annotation.reason }),
});
export const RulePaused = z.strictObject({ type: z.literal('RulePaused'), ...base, data: annotated });
export const RuleApproved = z.strictObject({ type: z.literal('RuleApproved'), ...base, data: annotated });
export const RuleRescinded = z.strictObject({ type: z.literal('RuleRescinded'), ...base, data: annotated });
export const RuleAmended = z.strictObject({
  type: z.literal('RuleAmended'),
  ...base,
  data: annotated.extend({ changes: RuleChanges }),
});

export const RuleEvent = z.discriminatedUnion('type', [RuleProposed, RulePaused, RuleApproved, RuleRescinded, RuleAmended]);

export type RuleProposed = z.infer<typeof RuleProposed>;
export type RulePaused = z.infer<typeof RulePaused>;
export type RuleApproved = z.infer<typeof RuleApproved>;
export type RuleRescinded = z.infer<typeof RuleRescinded>;
export type RuleAmended = z.infer<typeof RuleAmended>;
export type RuleEvent = z.infer<typeof RuleEvent>;
export type RuleEventType = RuleEvent['type'];

export const RULE_EVENT_TYPES: readonly RuleEventType[] = ['RuleProposed', 'RulePaused', 'RuleApproved', 'RuleRescinded', 'RuleAmended'];

/** The version of each event's `data` shape as written today; older ones are upcast on read. */
export const CURRENT_SCHEMA_VERSION = 1;
