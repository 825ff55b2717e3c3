/**
 * A small, fast, seedable PRNG (mulberry32): the same seed gives the same sequence, so a
 * generated history (the bench's, or a property test's that failed) can be produced again.
 * Returns numbers in [0, 1), like Math.random.
 */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
