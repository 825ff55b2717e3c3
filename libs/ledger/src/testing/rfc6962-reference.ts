import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 written down literally, for tests only: recursive over the list of entries,
 * sharing nothing with the library, so that a proof both agree on is not one bug checked
 * against itself.
 */
const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};

const k = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));

export const refMth = (d: readonly Uint8Array[]): Buffer => {
  if (d.length === 0) return sha256();
  if (d.length === 1) return sha256(Buffer.from([0]), d[0]!);
  const split = k(d.length);
  return sha256(Buffer.from([1]), refMth(d.slice(0, split)), refMth(d.slice(split)));
};

export const refPath = (m: number, d: readonly Uint8Array[]): Buffer[] => {
  if (d.length <= 1) return [];
  const split = k(d.length);
  return m < split
    ? [...refPath(m, d.slice(0, split)), refMth(d.slice(split))]
    : [...refPath(m - split, d.slice(split)), refMth(d.slice(0, split))];
};

const refSubproof = (m: number, d: readonly Uint8Array[], b: boolean): Buffer[] => {
  const n = d.length;
  if (m === n) return b ? [] : [refMth(d)];
  const split = k(n);
  return m <= split
    ? [...refSubproof(m, d.slice(0, split), b), refMth(d.slice(split))]
    : [...refSubproof(m - split, d.slice(split), false), refMth(d.slice(0, split))];
};

export const refProof = (m: number, d: readonly Uint8Array[]): Buffer[] => (m === 0 || m === d.length ? [] : refSubproof(m, d, true));

/**
 * Checks an audit path the way RFC 6962 §2.1.1 defines it, by recomputing the root from the
 * leaf: at each level the sibling goes left or right by the leaf's index within its subtree.
 */
export const refCheckPath = (index: number, size: number, leafHash: Uint8Array, path: readonly Uint8Array[], root: Uint8Array): boolean => {
  const walk = (m: number, n: number, rest: readonly Uint8Array[]): Buffer | undefined => {
    if (n === 1) return rest.length === 0 ? Buffer.from(leafHash) : undefined;
    const last = rest.at(-1);
    if (last === undefined) return undefined;
    const split = k(n);
    if (m < split) {
      const left = walk(m, split, rest.slice(0, -1));
      return left && sha256(Buffer.from([1]), left, last);
    }
    const right = walk(m - split, n - split, rest.slice(0, -1));
    return right && sha256(Buffer.from([1]), last, right);
  };
  const computed = index < size ? walk(index, size, path) : undefined;
  return computed !== undefined && computed.equals(Buffer.from(root));
};
