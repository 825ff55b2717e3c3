/**
 * Dedupe for at-least-once delivery. The relay may publish an event more than once (a retry
 * after a lost acknowledgement, a restart from its checkpoint), but never out of order within
 * a rule: a rule's events share one partition. So a revision at or below the highest one
 * already applied for that rule is a copy, and only "highest applied per rule" needs keeping.
 */
export interface RevisionTracker {
  /** Highest revision applied for the rule; undefined if none yet. */
  highest(ruleId: string): number | undefined;
  record(ruleId: string, revision: number): void;
}

/**
 * In memory: enough for a consumer that rebuilds its view on start. A consumer whose effects
 * outlive the process (a database) should keep the highest revision next to those effects,
 * in the same transaction, and pass its own tracker.
 */
export const memoryRevisionTracker = (initial: Iterable<readonly [string, number]> = []): RevisionTracker => {
  const highest = new Map<string, number>(initial);
  return {
    highest: (ruleId) => highest.get(ruleId),
    record: (ruleId, revision) => {
      const current = highest.get(ruleId);
      if (current === undefined || revision > current) highest.set(ruleId, revision);
    },
  };
};

export const isDuplicate = (tracker: RevisionTracker, ruleId: string, revision: number): boolean => {
  const highest = tracker.highest(ruleId);
  return highest !== undefined && revision <= highest;
};
