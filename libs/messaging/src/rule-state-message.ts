import { Instant, Rule, RuleId, RuleStatus, RuleTerms } from '@policy/domain';
import { z } from 'zod';
import { OutgoingMessage, IncomingMessage } from './cloud-event';
import { Assert, SameShape } from '@policy/common';
import { RULE_STATE_TOPIC } from './topics';

export const RULE_STATE_SCHEMA_ID = `urn:policy-ledger:schema:${RULE_STATE_TOPIC}`;

/** A rule as its events so far describe it: the domain's `Rule`, folded with `evolve`. */
export const RuleStateSchema = z.object({
  status: RuleStatus,
  ruleId: RuleId,
  terms: RuleTerms,
  revision: z.number().int().nonnegative().describe('revision of the last event folded in'),
  proposedAt: Instant.describe('when the proposal took effect'),
  effectiveAt: Instant.describe('effective time of the last change'),
  recordedAt: Instant.describe('recorded time of the last change'),
  lastEvent: z.enum(['RuleProposed', 'RulePaused', 'RuleApproved', 'RuleRescinded', 'RuleAmended']),
});
export type RuleStateSchemaMatchesDomain = Assert<SameShape<z.output<typeof RuleStateSchema>, Rule>>;

/**
 * The value of a message on `policy.rule-state.v1` (key = ruleId): the full state of the rule
 * after the event at `revision`, which sits at `position` in the log. Compaction keeps the
 * last message per key; during a relay's replay an older state can follow a newer one for a
 * moment, so readers keep the highest `revision`, not simply the last message.
 */
export const RuleStateMessage = z
  .object({
    ruleId: RuleId,
    revision: z.number().int().nonnegative(),
    position: z.number().int().positive(),
    state: RuleStateSchema,
  })
  .superRefine((message, ctx) => {
    if (message.state.ruleId !== message.ruleId) ctx.addIssue({ code: 'custom', path: ['state', 'ruleId'], message: 'must equal ruleId' });
    if (message.state.revision !== message.revision)
      ctx.addIssue({ code: 'custom', path: ['state', 'revision'], message: 'must equal revision' });
  });
export type RuleStateMessage = z.output<typeof RuleStateMessage>;

export const toStateMessage = (state: Rule, position: number): OutgoingMessage => {
  const value: RuleStateMessage = { ruleId: state.ruleId, revision: state.revision, position, state };
  return {
    key: state.ruleId,
    value: JSON.stringify(value),
    headers: {
      'content-type': 'application/json',
      'message-schema': RULE_STATE_SCHEMA_ID,
      revision: String(state.revision),
    },
  };
};

export type DecodedState =
  | { readonly ok: true; readonly message: RuleStateMessage }
  | { readonly ok: false; readonly message: string; readonly issues?: z.core.$ZodIssue[] };

export const decodeStateMessage = (message: IncomingMessage): DecodedState => {
  if (message.value === null) return { ok: false, message: 'empty value (a tombstone?)' };
  let json: unknown;
  try {
    json = JSON.parse(message.value);
  } catch (error) {
    return { ok: false, message: `value is not JSON: ${(error as Error).message}` };
  }
  const parsed = RuleStateMessage.safeParse(json);
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error), issues: parsed.error.issues };
  if (message.key !== null && message.key !== parsed.data.ruleId) {
    return { ok: false, message: `key ${message.key} is not the rule id ${parsed.data.ruleId}` };
  }
  return { ok: true, message: parsed.data };
};
