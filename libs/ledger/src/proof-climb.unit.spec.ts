import {
  checkpointFields,
  climbConsistency,
  climbInclusion,
  leafHash,
  nodeHash,
  NoteError,
  splitNote,
  splitVerifierKey,
} from '@policy/ledger';
import { refMth, refPath, refProof } from './testing/rfc6962-reference';

const LEAVES = Array.from({ length: 21 }, (_, i) => leafHash(`entry ${i}`));
const ENTRIES = Array.from({ length: 21 }, (_, i) => Buffer.from(`entry ${i}`));
/** The browser's shape of a hash: a promise of its bytes, joined as WebCrypto would. */
const later = (bytes: Uint8Array): Promise<Uint8Array> => Promise.resolve(bytes);
const joinLater = async (left: Promise<Uint8Array>, right: Promise<Uint8Array>): Promise<Uint8Array> => nodeHash(await left, await right);
const hex = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('hex') : undefined);

describe('The proof climb', () => {
  describe('with promises of hashes, as a browser holds them', () => {
    it('reaches the RFC 6962 root from every leaf of every tree up to 21 leaves', async () => {
      for (let size = 1; size <= 21; size += 1) {
        const root = hex(refMth(ENTRIES.slice(0, size)));
        for (let index = 0; index < size; index += 1) {
          const path = refPath(index, ENTRIES.slice(0, size)).map(later);
          const climbed = climbInclusion(index, size, later(LEAVES[index]!), path, joinLater);
          expect(hex(await climbed)).toBe(root);
        }
      }
    });

    it('reaches both roots from every consistency proof between trees up to 21 leaves', async () => {
      for (let to = 1; to <= 21; to += 1) {
        const toRoot = refMth(ENTRIES.slice(0, to));
        for (let from = 1; from <= to; from += 1) {
          const fromRoot = refMth(ENTRIES.slice(0, from));
          const climbed = climbConsistency(
            from,
            to,
            refProof(from, ENTRIES.slice(0, to)).map(later),
            later(fromRoot),
            later(toRoot),
            joinLater,
          );
          expect(climbed).toBeDefined();
          expect([hex(await climbed!.fromRoot), hex(await climbed!.toRoot)]).toEqual([hex(fromRoot), hex(toRoot)]);
        }
      }
    });
  });

  describe('when the proof cannot fit', () => {
    it('gives nothing for an index outside the tree, a path too long or too short, or sizes out of order', () => {
      const path = refPath(5, ENTRIES.slice(0, 13));
      expect(climbInclusion(13, 13, LEAVES[5]!, path, nodeHash)).toBeUndefined();
      expect(climbInclusion(-1, 13, LEAVES[5]!, path, nodeHash)).toBeUndefined();
      expect(climbInclusion(5, 13, LEAVES[5]!, [...path, path[0]!], nodeHash)).toBeUndefined();
      expect(climbInclusion(5, 13, LEAVES[5]!, path.slice(1), nodeHash)).toBeUndefined();
      const root = refMth(ENTRIES.slice(0, 13));
      expect(climbConsistency(14, 13, [], root, root, nodeHash)).toBeUndefined();
      expect(climbConsistency(0, 13, [root], root, root, nodeHash)).toBeUndefined();
      expect(climbConsistency(13, 13, [root], root, root, nodeHash)).toBeUndefined();
      expect(climbConsistency(5, 13, [], root, root, nodeHash)).toBeUndefined();
    });
  });
});

describe('The note text forms', () => {
  it('splits a signed note into its text and signature lines', () => {
    expect(splitNote('log\n3\nroot\n\n\u2014 ledger AAAA\n\u2014 other BBBB\n')).toEqual({
      text: 'log\n3\nroot\n',
      signatures: [
        { name: 'ledger', signature: 'AAAA' },
        { name: 'other', signature: 'BBBB' },
      ],
    });
    expect(() => splitNote('log\n3\nroot\n')).toThrow(NoteError);
    expect(() => splitNote('log\n3\nroot\n\n- ledger AAAA\n')).toThrow(/malformed signature line/);
  });

  it("splits a verifier key on its first two '+', the base64 keeping its own", () => {
    expect(splitVerifierKey('ledger+0A1B2C3D+AS+/x==\n')).toEqual({ name: 'ledger', keyId: '0a1b2c3d', key: 'AS+/x==' });
    expect(() => splitVerifierKey('ledger+0a1b2c3d')).toThrow(/verifier key reads/);
  });

  it('reads a checkpoint body and refuses a root that is not the canonical base64 of 32 bytes', () => {
    const root = Buffer.alloc(32, 7).toString('base64');
    expect(checkpointFields(`example.com/log\n12\n${root}\n`)).toEqual({ origin: 'example.com/log', size: 12, root });
    const notCanonical = `${root.slice(0, 42)}${String.fromCharCode(root.charCodeAt(42) + 1)}=`;
    expect(Buffer.from(notCanonical, 'base64')).toEqual(Buffer.from(root, 'base64'));
    expect(() => checkpointFields(`example.com/log\n12\n${notCanonical}\n`)).toThrow(/base64 SHA-256/);
    expect(() => checkpointFields(`example.com/log\n012\n${root}\n`)).toThrow(/not a checkpoint/);
  });
});
