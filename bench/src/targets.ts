/** Targets from docs/architecture.md (the performance section). */
export const TARGET = { appendPerSecond: 3000, appendP99Ms: 5, queryP99Ms: 5, rebuildPerSecond: 200_000, kafkaP99Ms: 50 };

/**
 * Issue 15's targets for writes on the bench's history, stricter on one client and looser on
 * the open loop than TARGET's single p99: appends at TARGET.appendPerSecond from 32 clients
 * with p99 <= 10 ms, one client's p99 <= 2 ms, offered on a schedule at that rate p99 <= 20 ms.
 */
export const WRITE_TARGET = { manyP99Ms: 10, oneP99Ms: 2, pacedP99Ms: 20, pacedAnsweredShare: 0.98 } as const;
