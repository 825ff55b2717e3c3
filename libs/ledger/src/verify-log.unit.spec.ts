import {
  formatVerifierKey,
  leafHash,
  ledgerEntry,
  MerkleFrontier,
  parseVerifierKey,
  ServedLeaf,
  signCheckpoint,
  signingKeyFromSeed,
  verifyLog,
} from '@policy/ledger';

const key = signingKeyFromSeed('test/log', Buffer.alloc(32, 3));
const verifier = parseVerifierKey(formatVerifierKey(key));
const entry = (position: number, note = 'as written') =>
  ledgerEntry({
    position,
    streamId: `rule-${position}`,
    revision: 0,
    eventId: `e${position}`,
    type: 'RuleProposed',
    data: { note },
    metadata: {},
  });

/** A log of `size` events at positions 1..size, its tree's leaves and a checkpoint of its first `signed` leaves. */
const log = (size: number) => {
  const leaves: ServedLeaf[] = Array.from({ length: size }, (_, i) => ({
    index: i,
    position: i + 1,
    leafHash: leafHash(entry(i + 1)),
    entry: entry(i + 1),
  }));
  const checkpoint = (signed = size) => {
    const frontier = new MerkleFrontier();
    for (const leaf of leaves.slice(0, signed)) frontier.append(leaf.leafHash);
    return signCheckpoint({ origin: 'test/log', size: signed, root: frontier.root() }, key);
  };
  return { leaves, checkpoint };
};

describe('verifyLog', () => {
  describe('when the log is as signed', () => {
    it('holds, against the latest checkpoint and an earlier one', async () => {
      const { leaves, checkpoint } = log(9);
      await expect(verifyLog({ key: verifier, checkpoint: checkpoint(), saved: checkpoint(4), leaves })).resolves.toMatchObject({
        ok: true,
        leaves: 9,
      });
    });
  });

  describe('when an event was tampered with', () => {
    it.each([
      ['edited', (l: ServedLeaf[]) => (l[3] = { ...l[3]!, entry: entry(4, 'forged') }), 4],
      ['deleted', (l: ServedLeaf[]) => (l[2] = { ...l[2]!, entry: null }), 3],
      [
        'swapped',
        (l: ServedLeaf[]) => ([l[1], l[5]] = [{ ...l[1]!, entry: entry(2).replace('rule-2', 'rule-6').replace('"e2"', '"e6"') }, l[5]!]),
        2,
      ],
      ['truncated', (l: ServedLeaf[]) => l.slice(6).forEach((leaf) => (l[leaf.index] = { ...leaf, entry: null })), 7],
    ] as const)('names the first %s position', async (problem, tamper, position) => {
      const { leaves, checkpoint } = log(9);
      tamper(leaves);
      await expect(verifyLog({ key: verifier, checkpoint: checkpoint(), leaves })).resolves.toMatchObject({ ok: false, problem, position });
    });

    it('reports a non-canonical entry as edited even when its hash was made to match', async () => {
      const { leaves } = log(3);
      const loose = entry(2).replace('{"data"', '{ "data"');
      leaves[1] = { ...leaves[1]!, entry: loose, leafHash: leafHash(loose) };
      const frontier = new MerkleFrontier();
      leaves.forEach((leaf) => frontier.append(leaf.leafHash));
      const checkpoint = signCheckpoint({ origin: 'test/log', size: 3, root: frontier.root() }, key);
      await expect(verifyLog({ key: verifier, checkpoint, leaves })).resolves.toMatchObject({ ok: false, problem: 'edited', position: 2 });
    });
  });

  describe('when history was rewritten and signed again', () => {
    it('finds the fork against the saved checkpoint', async () => {
      const original = log(8);
      const saved = original.checkpoint(5);
      const forked = log(8);
      forked.leaves[2] = { ...forked.leaves[2]!, entry: entry(3, 'rewritten'), leafHash: leafHash(entry(3, 'rewritten')) };
      await expect(verifyLog({ key: verifier, checkpoint: forked.checkpoint(), saved, leaves: forked.leaves })).resolves.toMatchObject({
        ok: false,
        problem: 'fork',
        position: 5,
      });
    });

    it('finds a checkpoint smaller than the saved one, and a checkpoint by another key', async () => {
      const { leaves, checkpoint } = log(6);
      await expect(verifyLog({ key: verifier, checkpoint: checkpoint(4), saved: checkpoint(6), leaves })).resolves.toMatchObject({
        ok: false,
        problem: 'truncated',
      });
      const other = parseVerifierKey(formatVerifierKey(signingKeyFromSeed('test/log', Buffer.alloc(32, 4))));
      await expect(verifyLog({ key: other, checkpoint: checkpoint(), leaves })).resolves.toMatchObject({ ok: false, problem: 'signature' });
    });

    it('finds a tree whose leaves no longer give the signed root', async () => {
      const { leaves, checkpoint } = log(5);
      const signed = checkpoint();
      leaves[4] = { ...leaves[4]!, entry: entry(5, 'x'), leafHash: leafHash(entry(5, 'x')) };
      await expect(verifyLog({ key: verifier, checkpoint: signed, leaves })).resolves.toMatchObject({ ok: false, problem: 'tree' });
    });
  });
});
