import { z } from 'zod';
import { Annotation, RuleChanges, RuleId, RuleTerms } from './rule-terms';
import { Instant } from './time';

/**
 * What the server adds to every command: its own clock and the authenticated principal.
 * Clients never set these; they arrive in the decider as plain data.
 */
export const CommandMetadata = z.strictObject({
  recordedAt: Instant,
  actor: z.string().min(1).max(200),
});
export type CommandMetadata = z.infer<typeof CommandMetadata>;

/** Bodies accepted over HTTP (and by `decide` once the route's ruleId is added). */
export const ProposeRuleBody = RuleTerms.extend({
  ruleId: RuleId.optional(),
  effectiveAt: Instant,
  reason: Annotation.reason,
});
export const TransitionBody = z.strictObject({
  effectiveAt: Instant,
  reason: Annotation.reason,
  sources: Annotation.sources,
});
export const AmendRuleBody = TransitionBody.extend({ changes: RuleChanges });

export type ProposeRuleBody = z.infer<typeof ProposeRuleBody>;
export type TransitionBody = z.infer<typeof TransitionBody>;
export type AmendRuleBody = z.infer<typeof AmendRuleBody>;

type Command<T extends string, D> = Readonly<{
  type: T;
  ruleId: RuleId;
  data: Readonly<D>;
  metadata: CommandMetadata;
}>;

export type ProposeRule = Command<'ProposeRule', Omit<ProposeRuleBody, 'ruleId'>>;
export type PauseRule = Command<'PauseRule', TransitionBody>;
export type ApproveRule = Command<'ApproveRule', TransitionBody>;
export type RescindRule = Command<'RescindRule', TransitionBody>;
export type AmendRule = Command<'AmendRule', AmendRuleBody>;
export type RuleCommand = ProposeRule | PauseRule | ApproveRule | RescindRule | AmendRule;
