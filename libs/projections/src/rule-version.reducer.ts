import { evolve, Rule, RuleEventEnvelope, RuleState } from '@policy/domain';

/**
 * One row of the bitemporal read model: the rule as it stood from one event to the next.
 * It holds in effective time from `validFrom` and is known from `recordedAt`; the next
 * version's clocks (`next*`) bound it, so a point-in-time lookup checks one row only.
 */
export type RuleVersion = Readonly<{
  ruleId: string;
  revision: number;
  position: number;
  validFrom: string;
  recordedAt: string;
  state: Rule;
  /** Words the list filters match: products and families; destination countries and parties. */
  products: readonly string[];
  destinations: readonly string[];
}>;

/**
 * The projection's pure step: the rule's previous state and one of its events give the next
 * version. The same `evolve` the command side uses, so the read model cannot disagree with
 * a fold of the log.
 */
export const nextVersion = (previous: RuleState, envelope: RuleEventEnvelope): RuleVersion => {
  const state = evolve(previous, envelope) as Rule;
  return {
    ruleId: envelope.ruleId,
    revision: envelope.revision,
    position: envelope.position,
    validFrom: envelope.effectiveAt,
    recordedAt: envelope.recordedAt,
    state,
    products: unique(state.terms.items.flatMap((item) => [item.product, item.family])),
    destinations: unique(state.terms.destinations.flatMap((d) => [d.country, d.party])),
  };
};

const unique = (words: readonly (string | undefined)[]): string[] => [
  ...new Set(words.filter((w): w is string => w !== undefined).map((w) => w.toLowerCase())),
];
