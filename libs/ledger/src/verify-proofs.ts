import { nodeHash } from './hashes';

const equal = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to, or undefined when the path cannot fit. */
export const rootFromInclusionProof = (
  index: number,
  size: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
): Uint8Array | undefined => {
  if (!(index >= 0 && index < size)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
};

export const verifyInclusion = (index: number, size: number, leaf: Uint8Array, path: readonly Uint8Array[], root: Uint8Array): boolean => {
  const computed = rootFromInclusionProof(index, size, leaf, path);
  return computed !== undefined && equal(computed, root);
};

/** RFC 9162 §2.1.4.2: does `proof` show the tree of `from` leaves is a prefix of the tree of `to`? */
export const verifyConsistency = (
  from: number,
  to: number,
  proof: readonly Uint8Array[],
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
): boolean => {
  if (!(from >= 0 && from <= to)) return false;
  if (from === 0) return proof.length === 0;
  if (from === to) return proof.length === 0 && equal(fromRoot, toRoot);
  const path = [...proof];
  if ((from & (from - 1)) === 0) path.unshift(fromRoot);
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  if (fr === undefined) return false;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, fromRoot) && equal(sr, toRoot);
};
