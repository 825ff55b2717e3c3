/** Targets from docs/architecture.md (the performance section). */
export const TARGET = { appendPerSecond: 3000, appendP99Ms: 5, queryP99Ms: 5, rebuildPerSecond: 200_000, kafkaP99Ms: 50 };
