/**
 * A point in both clocks: the state in force at `asOf` (effective time), as the records stood
 * at `knownAt` (recorded time).
 */
export type PointInTime = Readonly<{ asOf: string; knownAt: string }>;
