import { Rule } from '@policy/domain';
import { LRUCache } from 'lru-cache';

/**
 * The latest state of recently written rules, so a write to a rule this process wrote or read
 * a moment ago decides without reading and folding its stream again. A cached state is a
 * guess, never a source of truth: the append carries its revision as the expected one, so if
 * another process (or a racing request) moved the rule meanwhile, the store refuses the append
 * and the writer drops the entry and reads the stream. Least recently used rules are evicted
 * beyond `capacity`, which bounds memory whatever the number of rules.
 */
export class RuleStateCache {
  private readonly entries: LRUCache<string, Rule>;

  constructor(capacity = 10_000) {
    this.entries = new LRUCache({ max: capacity });
  }

  get(ruleId: string): Rule | undefined {
    return this.entries.get(ruleId);
  }

  /** Keeps `state` unless a later revision of the rule is already cached (a slower writer finishing last). */
  set(state: Rule): void {
    // `peek` leaves the recency alone: only the `set` below marks the rule as just used.
    const cached = this.entries.peek(state.ruleId);
    if (cached !== undefined && cached.revision > state.revision) return;
    this.entries.set(state.ruleId, state);
  }

  delete(ruleId: string): void {
    this.entries.delete(ruleId);
  }

  get size(): number {
    return this.entries.size;
  }
}
