import { z } from 'zod';
import { Rule, TransitionBody, ValidationError } from '@policy/domain';

/** What every write carries besides its body: who, and the client's preconditions. */
export interface RuleCommandContext {
  readonly actor: string;
  /** The revision the client last saw (`If-Match`); the write fails with 412 if it moved. */
  readonly ifMatch?: number;
  /** A retry with the same key returns the first answer and appends nothing. */
  readonly idempotencyKey?: string;
  readonly correlationId: string;
}

/**
 * Accepts `3`, `"3"` or `W/"3"`: the revision number as the ETag of the rule, written as the
 * rule's ETag is (no leading zeros, quotes in pairs or not at all).
 */
export const parseIfMatch = (header: string | string[] | undefined): number | undefined => {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^\s*(?:W\/)?(?:"(0|[1-9]\d{0,14})"|(0|[1-9]\d{0,14}))\s*$/.exec(value);
  if (!match) throw new ValidationError('If-Match must be the rule revision, e.g. If-Match: "3"', undefined, 'invalid_if_match');
  return Number(match[1] ?? match[2]);
};

export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, '1-200 visible ASCII characters');

/** What a write answers: where the change landed, and the rule after it. */
export interface WriteAnswer {
  readonly ruleId: string;
  readonly revision: number;
  readonly position: number;
  readonly state: Rule;
}

/** What a write on a rule is given: the rule, the body of the request, and its context. */
export interface RuleCommandInput<B> {
  readonly ruleId: string;
  readonly body: B;
  readonly context: RuleCommandContext;
}

/** Pause, approve and rescind take the same input: an effective time and sources. */
export type TransitionInput = RuleCommandInput<TransitionBody>;
