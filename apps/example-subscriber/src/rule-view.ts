import { evolve, initialState, Rule, RuleEventEnvelope, RuleStatus } from '@policy/domain';

/**
 * What applying one event did:
 * - `applied`: it was the rule's next revision and is folded in;
 * - `duplicate`: the view already holds that revision (a redelivery); ignored;
 * - `gap`: an earlier revision never arrived (e.g. it was an invalid message and skipped), so
 *   folding this one would give a wrong state; the rule stays at its last good revision.
 */
export type ApplyOutcome = 'applied' | 'duplicate' | 'gap';

/**
 * A downstream service's own read model of the rules, folded from the events topic with the
 * domain's `evolve`, the same function the ledger folds with, so both agree on every state.
 */
export class RuleView {
  private readonly rules = new Map<string, Rule>();

  /** Starts a rule from a state read off the compacted state topic instead of from its first event. */
  seed(state: Rule): void {
    const current = this.rules.get(state.ruleId);
    if (!current || state.revision > current.revision) this.rules.set(state.ruleId, state);
  }

  apply(event: RuleEventEnvelope): ApplyOutcome {
    const current = this.rules.get(event.ruleId);
    const next = current ? current.revision + 1 : 0;
    if (event.revision < next) return 'duplicate';
    if (event.revision > next) return 'gap';
    const state = evolve(current ?? initialState(), event);
    // evolve only answers "none" for no events at all; one was just folded in.
    if (state.status === 'none') throw new Error(`folding ${event.type} left rule ${event.ruleId} without state`);
    this.rules.set(event.ruleId, state);
    return 'applied';
  }

  get(ruleId: string): Rule | undefined {
    return this.rules.get(ruleId);
  }

  /** Rules by id, optionally only those with a given status. */
  list(filter: { status?: RuleStatus } = {}): Rule[] {
    return [...this.rules.values()]
      .filter((rule) => filter.status === undefined || rule.status === filter.status)
      .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  }

  get size(): number {
    return this.rules.size;
  }
}
