/**
 * The RFC 9162 proof algorithms, over any hash representation `H`: Node climbs with Buffers and
 * its synchronous SHA-256, a browser with promises of WebCrypto digests. No imports, so the
 * console's bundle takes this file as it is; which side each sibling joins on depends only on
 * the indices, never on the hashes.
 */
export type JoinNodes<H> = (left: H, right: H) => H;

/** Bitwise tests stop at 2³¹; tree sizes go to 2⁵³. */
const isPowerOfTwo = (n: number): boolean => {
  let m = n;
  while (m > 1 && m % 2 === 0) m /= 2;
  return m === 1;
};

/**
 * The index walk both RFC 9162 climbs share, from node `fn` of a tree whose last node is `sn`:
 * for each of `count` path hashes, whether it joins from the left (H(p ‖ r)) or the right
 * (H(r ‖ p)). False when the path does not fit the tree: too long, or too short to reach the top.
 */
const walk = (fn: number, sn: number, count: number, visit: (fromLeft: boolean, at: number) => void): boolean => {
  for (let at = 0; at < count; at += 1) {
    if (sn === 0) return false;
    const fromLeft = fn % 2 === 1 || fn === sn;
    visit(fromLeft, at);
    if (fromLeft) {
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0;
};

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to, or undefined when the path cannot fit. */
export const climbInclusion = <H>(index: number, size: number, leaf: H, path: readonly H[], join: JoinNodes<H>): H | undefined => {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return undefined;
  let r = leaf;
  const fits = walk(index, size - 1, path.length, (fromLeft, at) => {
    r = fromLeft ? join(path[at] as H, r) : join(r, path[at] as H);
  });
  return fits ? r : undefined;
};

/**
 * RFC 9162 §2.1.4.2: the roots of the trees of `from` and of `to` leaves that a consistency proof
 * leads to, for the caller to compare with the roots it holds; undefined when the proof cannot fit.
 * The empty tree is a prefix of every tree, and a tree of itself, with empty proofs.
 */
export const climbConsistency = <H>(
  from: number,
  to: number,
  proof: readonly H[],
  fromRoot: H,
  toRoot: H,
  join: JoinNodes<H>,
): { fromRoot: H; toRoot: H } | undefined => {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to)) return undefined;
  if (from === 0) return proof.length === 0 ? { fromRoot, toRoot } : undefined;
  if (from === to) return proof.length === 0 ? { fromRoot, toRoot: fromRoot } : undefined;
  // A tree whose size is a power of two is a whole subtree of the larger one: its root starts the path.
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  if (path.length === 0) return undefined;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as H;
  let sr = fr;
  const fits = walk(fn, sn, path.length - 1, (fromLeft, at) => {
    const c = path[at + 1] as H;
    if (fromLeft) {
      fr = join(c, fr);
      sr = join(c, sr);
    } else {
      sr = join(sr, c);
    }
  });
  return fits ? { fromRoot: fr, toRoot: sr } : undefined;
};
