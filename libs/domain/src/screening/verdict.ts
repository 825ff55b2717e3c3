import { z } from 'zod';
import { assertNever } from '../errors';
import { Condition, Effect } from '../rule-terms';

/**
 * What screening says of a line, most restrictive first. `import-restricted` is the importing
 * state's own bar (China's H20 halt); `not-covered` means no rule in force applies.
 */
export const Verdict = z.enum(['denied', 'licence-required', 'import-restricted', 'allowed-with-conditions', 'allowed', 'not-covered']);
export type Verdict = z.infer<typeof Verdict>;

/** The precedence of docs/domain.md ("Screening"): where two rules disagree, the earlier verdict here wins. */
export const VERDICT_PRECEDENCE: readonly Verdict[] = Verdict.options;

const rank = new Map<Verdict, number>(VERDICT_PRECEDENCE.map((verdict, index) => [verdict, index]));

/** Negative when `a` is more restrictive than `b`. */
export const compareRestriction = (a: Verdict, b: Verdict): number => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);

/** The most restrictive of the verdicts; `not-covered` when there are none. */
export const mostRestrictive = (verdicts: Iterable<Verdict>): Verdict => {
  let strictest: Verdict = 'not-covered';
  for (const verdict of verdicts) if (compareRestriction(verdict, strictest) < 0) strictest = verdict;
  return strictest;
};

/** The verdict one rule in force gives: an `allow` with terms attached is not a plain allow. */
export const verdictOf = (effect: Effect, conditions: readonly Condition[]): Verdict => {
  switch (effect) {
    case 'deny':
      return 'denied';
    case 'licence-required':
      return 'licence-required';
    case 'restrict-import':
      return 'import-restricted';
    case 'allow':
      return conditions.length > 0 ? 'allowed-with-conditions' : 'allowed';
    default:
      return assertNever(effect);
  }
};
