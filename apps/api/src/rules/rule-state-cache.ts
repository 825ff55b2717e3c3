import { Rule } from '@policy/domain';

/**
 * The latest state of recently written rules, so a write to a rule this process wrote or read
 * a moment ago decides without reading and folding its stream again. A cached state is a
 * guess, never a source of truth: the append carries its revision as the expected one, so if
 * another process (or a racing request) moved the rule meanwhile, the store refuses the append
 * and the writer drops the entry and reads the stream. Least recently used rules are evicted
 * beyond `capacity`, which bounds memory whatever the number of rules.
 */
export class RuleStateCache {
  private readonly entries = new Map<string, Rule>();

  constructor(private readonly capacity = 10_000) {}

  get(ruleId: string): Rule | undefined {
    const state = this.entries.get(ruleId);
    if (state === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(ruleId);
    this.entries.set(ruleId, state);
    return state;
  }

  /** Keeps `state` unless a later revision of the rule is already cached (a slower writer finishing last). */
  set(state: Rule): void {
    const cached = this.entries.get(state.ruleId);
    if (cached !== undefined && cached.revision > state.revision) return;
    this.entries.delete(state.ruleId);
    this.entries.set(state.ruleId, state);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(ruleId: string): void {
    this.entries.delete(ruleId);
  }

  get size(): number {
    return this.entries.size;
  }
}
