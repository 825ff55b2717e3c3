import { nodeHash } from './hashes';
import { climbConsistency, climbInclusion } from './proof-climb';

const equal = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to, or undefined when the path cannot fit. */
export const rootFromInclusionProof = (
  index: number,
  size: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
): Uint8Array | undefined => climbInclusion<Uint8Array>(index, size, leaf, path, nodeHash);

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
  const computed = climbConsistency<Uint8Array>(from, to, proof, fromRoot, toRoot, nodeHash);
  return computed !== undefined && equal(computed.fromRoot, fromRoot) && equal(computed.toRoot, toRoot);
};
