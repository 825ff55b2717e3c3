import {
  consistencyProof,
  formatVerifierKey,
  inclusionProof,
  leafHash,
  signCheckpoint,
  signingKeyFromSeed,
  treeRoot,
} from '@policy/ledger';
import { memoryTree } from '@policy/ledger/testing';
import { randomBytes } from 'node:crypto';
import { isConsistent, leafHashOf, openCheckpoint, rootFromInclusion } from './proof';

// The console's WebCrypto checks against the service's node:crypto signer and tree: the two
// implementations must agree byte for byte, or a browser would refuse the service's honest proofs.
const KEY = signingKeyFromSeed('example.com/log', randomBytes(32));
const ENTRIES = Array.from({ length: 13 }, (_, i) => `{"position":${i + 1},"type":"RuleProposed"}`);
const TREE = memoryTree(ENTRIES);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('The console proof checks', () => {
  it('open a checkpoint the service signed, naming the key it was signed by', async () => {
    const note = signCheckpoint({ origin: 'example.com/log', size: 13, root: Buffer.from(treeRoot(TREE, 13)) }, KEY);
    await expect(openCheckpoint(note, formatVerifierKey(KEY))).resolves.toEqual({
      origin: 'example.com/log',
      size: 13,
      root: b64(treeRoot(TREE, 13)),
      signedBy: `example.com/log+${KEY.keyId.toString('hex')}`,
      note,
    });
  });

  describe('when the note or the key is not what was signed', () => {
    const note = signCheckpoint({ origin: 'example.com/log', size: 13, root: Buffer.from(treeRoot(TREE, 13)) }, KEY);

    it('refuse an edited size, another key of the same name, and a key whose id is not its own', async () => {
      await expect(openCheckpoint(note.replace('\n13\n', '\n12\n'), formatVerifierKey(KEY))).rejects.toThrow(/does not verify/);
      const other = signingKeyFromSeed('example.com/log', randomBytes(32));
      await expect(openCheckpoint(note, formatVerifierKey(other))).rejects.toThrow(/no signature by example.com\/log/);
      // The key's base64 may hold '+' too: only the first two '+' split its fields.
      const key = formatVerifierKey(KEY).split('+').slice(2).join('+');
      await expect(openCheckpoint(note, `${KEY.name}+00000000+${key}`)).rejects.toThrow(/id does not match/);
    });
  });

  it('recompute a leaf hash as the service does', async () => {
    await expect(leafHashOf(ENTRIES[6]!)).resolves.toBe(b64(leafHash(ENTRIES[6]!)));
    await expect(leafHashOf('δ')).resolves.toBe(b64(leafHash('δ')));
  });

  it("climb the service's audit paths and consistency proofs to its roots, and nowhere else from a wrong leaf", async () => {
    for (const index of [0, 6, 12]) {
      const path = inclusionProof(TREE, index, 13).map(b64);
      await expect(rootFromInclusion(index, 13, b64(leafHash(ENTRIES[index]!)), path)).resolves.toBe(b64(treeRoot(TREE, 13)));
      await expect(rootFromInclusion(index, 13, b64(leafHash('forged')), path)).resolves.not.toBe(b64(treeRoot(TREE, 13)));
    }
    const proof = consistencyProof(TREE, 5, 13).map(b64);
    await expect(isConsistent(5, 13, proof, b64(treeRoot(TREE, 5)), b64(treeRoot(TREE, 13)))).resolves.toBe(true);
    await expect(isConsistent(5, 13, proof, b64(treeRoot(TREE, 6)), b64(treeRoot(TREE, 13)))).resolves.toBe(false);
  });
});
