import { evolve, initialState, Rule, RuleEventEnvelope, RuleState } from '@policy/domain';
import { LRUCache } from 'lru-cache';

/** Reads a rule's events from revision 0 up to and including `toRevision`, in order. */
export type RuleHistoryLoader = (ruleId: string, toRevision: number) => Promise<readonly RuleEventEnvelope[]>;

export interface FoldedState {
  readonly state: Rule;
  /** Global position of the rule's last event in the batch. */
  readonly position: number;
}

/**
 * Computes the full state of each rule after a batch of events, for the compacted state
 * topic. Keeps recent states in a bounded LRU so the common case is one `evolve` per event;
 * whenever the cached state is not exactly the one before the event (first sight after a
 * start, evicted, or a batch being re-read after a failed publish), it folds the rule's
 * stream from the store up to the event instead. So the state published is always the full
 * fold at that revision, whatever the relay's history, never a fold of just what it saw.
 */
export class RuleStateFolder {
  private readonly cache: LRUCache<string, Rule>;

  constructor(
    private readonly loadHistory: RuleHistoryLoader,
    capacity = 10_000,
  ) {
    this.cache = new LRUCache({ max: capacity });
  }

  /** The state of every rule the batch touches, after its last event there. Leaves the cache alone. */
  async fold(batch: readonly RuleEventEnvelope[]): Promise<Map<string, FoldedState>> {
    const folded = new Map<string, FoldedState>();
    for (const event of batch) {
      // peek, not get: a batch that is never acknowledged must not make its rules recent.
      const before = folded.get(event.ruleId)?.state ?? this.cache.peek(event.ruleId);
      const state =
        before !== undefined && before.revision === event.revision - 1
          ? evolve(before, event)
          : event.revision === 0
            ? evolve(initialState(), event)
            : await this.replay(event.ruleId, event.revision);
      if (state.status === 'none' || state.revision !== event.revision) {
        throw new Error(`folding rule ${event.ruleId} to revision ${event.revision} gave revision ${describe(state)}`);
      }
      folded.set(event.ruleId, { state, position: event.position });
    }
    return folded;
  }

  /** Keeps the states of a batch the broker acknowledged, so the next batch starts from them. */
  commit(folded: ReadonlyMap<string, FoldedState>): void {
    for (const [ruleId, { state }] of folded) this.cache.set(ruleId, state);
  }

  get size(): number {
    return this.cache.size;
  }

  private async replay(ruleId: string, toRevision: number): Promise<RuleState> {
    let state = initialState();
    for (const event of await this.loadHistory(ruleId, toRevision)) state = evolve(state, event);
    return state;
  }
}

const describe = (state: RuleState): string => (state.status === 'none' ? 'none' : String(state.revision));
