/** Targets from docs/architecture.md (the performance section). */
export const TARGET = { appendPerSecond: 3000, appendP99Ms: 5, queryP99Ms: 5, rebuildPerSecond: 200_000, kafkaP99Ms: 50 };

/**
 * Issue 15's target for appends offered on a schedule at TARGET.appendPerSecond (the open
 * loop): p99 <= 20 ms, with nearly all of them answered.
 */
export const WRITE_TARGET = { pacedP99Ms: 20, pacedAnsweredShare: 0.98 } as const;
