import { waitFor } from '@policy/common/testing';
import { refCheckPath, refMth, refProof } from '@policy/ledger/testing';
import { AddressInfo } from 'node:net';
import { ADMIN_KEY } from '../testing/api-harness';
import { useApi } from '../testing/api-lifecycle';
import { proposalBody, propose, transition } from '../testing/rule-commands.fixtures';
import { openFeed } from '../testing/sse-feed';
import { openNoteIndependently, sha256LeafB64 } from './testing/independent-checks';

const b = (hashes: string[]) => hashes.map((h) => Buffer.from(h, 'base64'));

describe('Ledger', () => {
  const api = useApi('each', [propose('ledger-a'), transition('ApproveRule', '2025-12-08', 'ledger-a')]);
  const get = async (url: string) => (await api().request('GET', url)).body;
  const text = async (url: string) => (await api().request('GET', url)).text;
  /** The latest checkpoint once it covers `size` leaves, checked against the verifier key. */
  const checkpointOf = async (size: number) => {
    const key = await text('/ledger/key');
    let opened = openNoteIndependently(await text('/ledger/checkpoint'), key);
    await waitFor(
      `a checkpoint of ${size} leaves`,
      async () => (opened = openNoteIndependently(await text('/ledger/checkpoint'), key)).size >= size,
    );
    return opened;
  };

  describe('when rules are written', () => {
    it('answers each write with a receipt whose leaf is the hash of the entry the log holds at its position', async () => {
      const written = await api().request('POST', '/rules', { body: proposalBody('ledger-b') });

      expect(written.status).toBe(201);
      const { receipt } = written.body;
      expect(receipt).toMatchObject({ position: written.body.position, treeSize: expect.any(Number), checkpoint: expect.any(String) });
      const { entries } = await get(`/ledger/entries?from=0&limit=10`);
      const entry = entries.find((e: { position: number }) => e.position === receipt.position);
      expect(sha256LeafB64(entry.entry)).toBe(receipt.leafHash);
      const [stored] = await api().store.readAll({ fromPosition: BigInt(receipt.position - 1), limit: 1 });
      expect(JSON.parse(entry.entry)).toEqual({
        position: receipt.position,
        streamId: stored!.streamId,
        revision: Number(stored!.revision),
        eventId: stored!.eventId,
        type: stored!.type,
        data: stored!.data,
        metadata: stored!.metadata,
      });
    });

    it('signs a checkpoint of the whole log whose root the entries give, and proves each leaf in it', async () => {
      await api().request('POST', '/rules', { body: proposalBody('ledger-c') });
      const head = Number(await api().store.headPosition());
      const checkpoint = await checkpointOf(head);
      const { entries } = await get(`/ledger/entries?from=0&limit=1000`);
      const leaves = b(entries.map((e: { entry: string }) => sha256LeafB64(e.entry)));

      expect(checkpoint.origin).toBe('policy-ledger.local/log');
      expect(refMth(inputsOf(entries).slice(0, checkpoint.size)).equals(checkpoint.root)).toBe(true);
      for (const { position, index } of entries.slice(0, checkpoint.size)) {
        const proof = await get(`/ledger/proofs/inclusion?position=${position}&treeSize=${checkpoint.size}`);
        expect(proof).toMatchObject({ position, leafIndex: index, treeSize: checkpoint.size });
        expect(refCheckPath(index, checkpoint.size, leaves[index]!, b(proof.auditPath), checkpoint.root)).toBe(true);
      }
    });

    it('proves every earlier tree size a prefix of the latest, as the RFC computes it from the entries', async () => {
      await api().request('POST', '/rules', { body: proposalBody('ledger-d') });
      const checkpoint = await checkpointOf(Number(await api().store.headPosition()));
      const { entries } = await get(`/ledger/entries?from=0&limit=1000`);
      const inputs = inputsOf(entries).slice(0, checkpoint.size);

      for (let from = 0; from <= checkpoint.size; from++) {
        const answer = await get(`/ledger/proofs/consistency?from=${from}&to=${checkpoint.size}`);
        expect(answer.proof).toEqual(refProof(from, inputs).map((h) => h.toString('base64')));
        expect(Buffer.from(answer.fromRoot, 'base64').equals(refMth(inputs.slice(0, from)))).toBe(true);
        expect(Buffer.from(answer.toRoot, 'base64').equals(checkpoint.root)).toBe(true);
      }
    });

    it('gives a point-in-time answer the receipt of the rule event it rests on', async () => {
      const answer = await api().request('GET', '/rules/ledger-a');
      const [, approved] = await api().streamOf('ledger-a');

      expect(answer.body.receipt).toMatchObject({ position: Number(approved!.position) });
      const { entries } = await get(`/ledger/entries?from=0&limit=10`);
      const entry = entries.find((e: { position: number }) => e.position === Number(approved!.position));
      expect(answer.body.receipt.leafHash).toBe(sha256LeafB64(entry.entry));
    });

    it('sends each new checkpoint on the event feed', async () => {
      await api().app.listen({ port: 0, host: '127.0.0.1' });
      const port = (api().app.getHttpServer().address() as AddressInfo).port;
      const feed = await openFeed(port, '/events/stream', { authorization: `Bearer ${ADMIN_KEY}` });
      try {
        const written = await api().request('POST', '/rules', { body: proposalBody('ledger-feed') });
        await waitFor(
          'a checkpoint covering the write on the feed',
          () => (checkpointsOnFeed(feed.text()).at(-1)?.treeSize ?? 0) >= written.body.position,
        );
        const { checkpoint } = checkpointsOnFeed(feed.text()).at(-1)!;
        expect(openNoteIndependently(checkpoint, await text('/ledger/key')).size).toBeGreaterThanOrEqual(written.body.position);
      } finally {
        feed.close();
      }
    });
  });

  describe('when asked badly', () => {
    it.each([
      ['/ledger/proofs/inclusion?position=x', 400, 'validation_failed'],
      ['/ledger/proofs/inclusion?position=999', 404, 'leaf_not_found'],
      ['/ledger/proofs/inclusion?position=1&treeSize=999', 400, 'tree_size_too_large'],
      ['/ledger/proofs/consistency?from=2&to=1', 400, 'sizes_out_of_order'],
      ['/ledger/proofs/consistency', 400, 'validation_failed'],
      ['/ledger/entries?limit=1001', 400, 'validation_failed'],
    ])('answers %s with %i %s and appends nothing', async (url, status, code) => {
      const before = await api().store.headPosition();
      const answer = await api().request('GET', url);

      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(await api().store.headPosition()).toBe(before);
    });

    it('answers 401 without a key', async () => {
      expect((await api().request('GET', '/ledger/checkpoint', { key: null })).status).toBe(401);
    });
  });
});

const checkpointsOnFeed = (feed: string): { treeSize: number; checkpoint: string }[] =>
  [...feed.matchAll(/^event: checkpoint\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!));

const inputsOf = (entries: readonly { entry: string }[]): Buffer[] => entries.map((e) => Buffer.from(e.entry, 'utf8'));
