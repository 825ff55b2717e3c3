import { EMPTY_ROOT, nodeHash } from './hashes';

/**
 * The hashes of a tree's perfect subtrees: `hash(level, index)` is the root of leaves
 * [index·2^level, (index+1)·2^level), level 0 being the leaf hashes. Every other hash the RFC
 * needs is folded from these, so a store that keeps them answers any proof in O(log n) reads.
 */
export interface PerfectSubtrees {
  hash(level: number, index: number): Uint8Array;
}

/** The largest power of two strictly below n (n ≥ 2): RFC 6962's split point k. */
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;
const log2 = (n: number): number => 31 - Math.clz32(n);

/**
 * MTH(D[start:end]). RFC 6962 only ever asks for ranges whose start is a multiple of the
 * largest power of two not above their size, so the perfect ones are stored subtrees.
 */
export const rangeHash = (tree: PerfectSubtrees, start: number, end: number): Uint8Array => {
  const size = end - start;
  if (isPowerOfTwo(size) && start % size === 0) return tree.hash(log2(size), start / size);
  const k = splitPoint(size);
  return nodeHash(rangeHash(tree, start, start + k), rangeHash(tree, start + k, end));
};

export const treeRoot = (tree: PerfectSubtrees, size: number): Uint8Array => (size === 0 ? EMPTY_ROOT : rangeHash(tree, 0, size));

/** PATH(m, D[n]) of RFC 6962 §2.1.1, leaf first. */
export const inclusionProof = (tree: PerfectSubtrees, index: number, size: number): Uint8Array[] => {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path: Uint8Array[] = [];
  const walk = (m: number, start: number, end: number): void => {
    if (end - start <= 1) return;
    const k = splitPoint(end - start);
    if (m < k) {
      walk(m, start, start + k);
      path.push(rangeHash(tree, start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(rangeHash(tree, start, start + k));
    }
  };
  walk(index, 0, size);
  return path;
};

/** PROOF(m, D[n]) of RFC 6962 §2.1.2; empty when m is 0 or m equals n. */
export const consistencyProof = (tree: PerfectSubtrees, from: number, to: number): Uint8Array[] => {
  if (!(from >= 0 && from <= to)) throw new RangeError(`no consistency proof from ${from} to ${to}`);
  const proof: Uint8Array[] = [];
  if (from === 0 || from === to) return proof;
  const sub = (m: number, start: number, end: number, whole: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!whole) proof.push(rangeHash(tree, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, whole);
      proof.push(rangeHash(tree, start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(rangeHash(tree, start, start + k));
    }
  };
  sub(from, 0, to, true);
  return proof;
};
