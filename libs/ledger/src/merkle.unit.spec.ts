import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '@policy/ledger';
import { memoryTree } from './testing/memory-tree';
import { refCheckPath, refMth, refPath, refProof } from './testing/rfc6962-reference';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const hexes = (list: readonly Uint8Array[]): string[] => list.map((h) => Buffer.from(h).toString('hex'));

// transparency-dev/merkle testonly: the leaf inputs, every tree's root and known proofs.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: { index: number; size: number; path: string[] }[] = [
  { index: 0, size: 1, path: [] },
  { index: 0, size: 2, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7'] },
  { index: 1, size: 2, path: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'] },
  { index: 2, size: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    path: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    index: 0,
    size: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CONSISTENCY: { from: number; to: number; proof: string[] }[] = [
  { from: 1, to: 1, proof: [] },
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

describe('Merkle tree', () => {
  describe('with the transparency-dev test vectors', () => {
    it('gives the known root of every prefix, from the stored subtrees and from the frontier', () => {
      for (let size = 0; size <= LEAVES.length; size++) {
        const tree = memoryTree(LEAVES.slice(0, size));
        expect(Buffer.from(treeRoot(tree, size)).toString('hex')).toBe(ROOTS[size]);
        expect(tree.root().toString('hex')).toBe(ROOTS[size]);
      }
      expect(EMPTY_ROOT.toString('hex')).toBe(ROOTS[0]);
    });

    it.each(INCLUSION)('gives the known inclusion path of leaf $index in a tree of $size, which verifies', ({ index, size, path }) => {
      const tree = memoryTree(LEAVES.slice(0, size));
      const proof = inclusionProof(tree, index, size);
      expect(hexes(proof)).toEqual(path);
      expect(verifyInclusion(index, size, leafHash(LEAVES[index]!), proof, hex(ROOTS[size]!))).toBe(true);
    });

    it.each(CONSISTENCY)('gives the known consistency proof from $from to $to, which verifies', ({ from, to, proof }) => {
      const tree = memoryTree(LEAVES.slice(0, to));
      const got = consistencyProof(tree, from, to);
      expect(hexes(got)).toEqual(proof);
      expect(verifyConsistency(from, to, got, hex(ROOTS[from]!), hex(ROOTS[to]!))).toBe(true);
    });
  });

  describe('against the RFC written out independently', () => {
    const entries = Array.from({ length: 70 }, (_, i) => Buffer.from(`entry ${i}`));
    const tree = memoryTree(entries);

    it('agrees on every root, inclusion path and consistency proof up to 70 leaves', () => {
      for (let size = 1; size <= entries.length; size++) {
        const prefix = entries.slice(0, size);
        const root = refMth(prefix);
        expect(Buffer.from(treeRoot(tree, size)).equals(root)).toBe(true);
        for (let index = 0; index < size; index++) {
          const proof = inclusionProof(tree, index, size);
          expect(hexes(proof)).toEqual(hexes(refPath(index, prefix)));
          expect(refCheckPath(index, size, leafHash(entries[index]!), proof, root)).toBe(true);
        }
        for (let from = 0; from <= size; from++) expect(hexes(consistencyProof(tree, from, size))).toEqual(hexes(refProof(from, prefix)));
      }
    });
  });

  describe('when a proof is wrong', () => {
    const entries = Array.from({ length: 13 }, (_, i) => `e${i}`);
    const tree = memoryTree(entries);
    const root = Buffer.from(treeRoot(tree, 13));
    const flip = (h: Uint8Array): Buffer => {
      const copy = Buffer.from(h);
      copy[0] ^= 1;
      return copy;
    };

    it('refuses an inclusion path for another leaf, index or size, or with a changed or missing step', () => {
      const path = inclusionProof(tree, 6, 13);
      expect(verifyInclusion(6, 13, leafHash('e6'), path, root)).toBe(true);
      expect(verifyInclusion(6, 13, leafHash('e7'), path, root)).toBe(false);
      expect(verifyInclusion(7, 13, leafHash('e6'), path, root)).toBe(false);
      expect(verifyInclusion(6, 5, leafHash('e6'), path, root)).toBe(false);
      expect(verifyInclusion(13, 13, leafHash('e6'), path, root)).toBe(false);
      expect(verifyInclusion(6, 13, leafHash('e6'), [flip(path[0]!), ...path.slice(1)], root)).toBe(false);
      expect(verifyInclusion(6, 13, leafHash('e6'), path.slice(1), root)).toBe(false);
    });

    it('refuses a consistency proof against another old root, a changed step or an empty proof', () => {
      const old = Buffer.from(treeRoot(tree, 5));
      const proof = consistencyProof(tree, 5, 13);
      expect(verifyConsistency(5, 13, proof, old, root)).toBe(true);
      expect(verifyConsistency(5, 13, proof, flip(old), root)).toBe(false);
      expect(verifyConsistency(5, 13, [...proof.slice(0, -1), flip(proof.at(-1)!)], old, root)).toBe(false);
      expect(verifyConsistency(5, 13, [], old, root)).toBe(false);
      expect(verifyConsistency(4, 13, consistencyProof(tree, 4, 13), Buffer.from(treeRoot(tree, 4)), root)).toBe(true);
    });
  });

  describe('when the frontier resumes from stored subtrees', () => {
    it('goes on to the same roots as one that never stopped', () => {
      const entries = Array.from({ length: 40 }, (_, i) => `r${i}`);
      const whole = memoryTree(entries);
      for (const at of [0, 1, 7, 8, 21, 39]) {
        const resumed = MerkleFrontier.resume(at, (level, index) => Buffer.from(whole.hash(level, index)));
        for (const entry of entries.slice(at)) resumed.append(leafHash(entry));
        expect(resumed.root().equals(whole.root())).toBe(true);
      }
    });
  });
});
