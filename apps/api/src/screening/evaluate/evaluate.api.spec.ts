import { evaluationStreamName } from '@policy/domain';
import { ApiHarness, startApi } from '../../testing/api-harness';
import { propose } from '../../testing/rule-commands.fixtures';
import { onReceiptEvent } from '@policy/testkit';
import { BAN_ID, evaluationEvents, HUMAIN_ID, line, logHead, recordScreeningHistory } from '../../testing/screening.fixtures';

describe('POST /evaluations', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
    await recordScreeningHistory(api);
    // The H200 review: proposed, so pending on any line it matches.
    await api.record(propose());
  });
  afterAll(() => api.close());

  const evaluate = (body: unknown, key?: string | null, headers?: Record<string, string>) =>
    api.request('POST', '/evaluations', { body, key, headers });

  describe('given the Blackwell ban, the Humain licence and the H200 review', () => {
    it('answers a reader line by line, as known up to the position it reflects, and records nothing', async () => {
      const events = await logHead(api);

      const answer = await evaluate(
        {
          at: '2025-12-09',
          lines: [line({ product: 'B200' }, 'CN'), line({ product: 'H200' }, 'CN'), line({ family: 'Blackwell' }, 'SA', 'humain')],
        },
        api.keyFor('reader'),
      );

      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.text));
      expect(answer.text).toBe(JSON.stringify(answer.body));
      expect(answer.body.evaluationId).toBeUndefined();
      expect(answer.body).toMatchObject({ at: '2025-12-09T00:00:00.000Z', position: events });
      expect(answer.body.knownAt < '9999').toBe(true);
      const [b200, h200, humain] = answer.body.lines;
      expect(b200).toMatchObject({
        lineId: '1',
        verdict: 'denied',
        jurisdictions: [{ jurisdiction: 'US', verdict: 'denied', ruleIds: [BAN_ID] }],
      });
      expect(h200).toMatchObject({ lineId: '2', verdict: 'not-covered', jurisdictions: [], rules: [] });
      expect(h200.pending).toEqual([
        expect.objectContaining({ ruleId: 'us-h200-cn-2025', status: 'proposed', effect: 'licence-required' }),
      ]);
      expect(humain).toMatchObject({ lineId: '3', verdict: 'allowed-with-conditions', rules: [{ ruleId: HUMAIN_ID, revision: 1 }] });
      expect(await logHead(api)).toBe(events);
    });

    it('answers as known at the knownAt given, before the rules were recorded', async () => {
      const answer = await evaluate({ at: '2025-12-09', knownAt: '2025-01-01', lines: [line({ product: 'B200' }, 'CN')] });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ knownAt: '2025-01-01T00:00:00.000Z', lines: [{ verdict: 'not-covered', pending: [] }] });
    });

    it('with record: true stores exactly one EvaluationRecorded in its own stream, with actor and correlation id', async () => {
      const before = (await evaluationEvents(api)).length;

      const answer = await evaluate({ at: '2025-12-09', record: true, lines: [line({ product: 'B200' }, 'CN')] }, api.keyFor('reader'), {
        'x-correlation-id': 'order-42',
      });

      expect(answer.status).toBe(200);
      const { evaluationId } = answer.body;
      expect(typeof evaluationId).toBe('string');
      const stream = await api.store.readStream(evaluationStreamName(evaluationId));
      expect(stream).toHaveLength(1);
      expect(stream[0].type).toBe('EvaluationRecorded');
      // The stored answer is the one given, less the receipt added on the way out.
      const { receipt, ...given } = answer.body;
      expect(receipt).toMatchObject({ position: answer.body.position, treeSize: expect.any(Number) });
      expect(stream[0].data).toEqual(expect.objectContaining({ evaluationId, answer: given, correlationId: 'order-42' }));
      expect((stream[0].data as { actor: string }).actor).toMatch(/^key:reader-/);
      expect(stream[0].metadata).toMatchObject({ correlationId: 'order-42' });
      expect(await evaluationEvents(api)).toHaveLength(before + 1);
    });

    describe('when a recorded evaluation is sent again with its Idempotency-Key', () => {
      const body = { at: '2025-12-09', record: true, lines: [line({ product: 'B200' }, 'CN')] };
      const keyed = (request: unknown, key = 'screen-po-7') => evaluate(request, undefined, { 'idempotency-key': key });

      it('answers as the first time, with the same evaluation id, and records it once', async () => {
        const before = (await evaluationEvents(api)).length;

        const first = await keyed(body);
        // A later rule change must not alter what the retry is told: it gets the recorded answer.
        await api.record(propose('us-h200-review-retry'));
        const retry = await keyed(body);

        expect(first.status).toBe(200);
        expect(retry.status).toBe(200);
        expect(onReceiptEvent(retry.body)).toEqual(onReceiptEvent(first.body));
        expect(await evaluationEvents(api)).toHaveLength(before + 1);
      });

      it('refuses the key for a different request with 400 idempotency_key_reused, and records nothing', async () => {
        await keyed(body, 'screen-po-8');
        const before = (await evaluationEvents(api)).length;

        const reused = await keyed({ ...body, at: '2025-12-10' }, 'screen-po-8');

        expect(reused.status).toBe(400);
        expect(reused.body.error.code).toBe('idempotency_key_reused');
        expect(await evaluationEvents(api)).toHaveLength(before);
      });
    });

    it('answers 401 without a key', async () => {
      expect((await evaluate({ lines: [line({ product: 'B200' }, 'CN')] }, null)).status).toBe(401);
    });
  });

  describe('given bad input', () => {
    const good = line({ product: 'B200' }, 'CN');
    it.each([
      ['an unknown field', { record: true, lines: [good], shipTo: 'CN' }, []],
      ['an unknown field in a line', { record: true, lines: [good, { ...good, quantity: 3 }] }, ['lines', 1]],
      ['no lines', { record: true, lines: [] }, ['lines']],
      ['501 lines', { record: true, lines: Array.from({ length: 501 }, () => good) }, ['lines']],
      [
        'a line with neither product nor family',
        { record: true, lines: [good, { vendor: 'NVIDIA', destination: { country: 'CN' } }] },
        ['lines', 1, 'product'],
      ],
      ['a bad country', { record: true, lines: [good, good, line({ product: 'B200' }, 'China')] }, ['lines', 2, 'destination', 'country']],
      ['a bad time', { record: true, at: 'next tuesday', lines: [good] }, ['at']],
      ['a bad knownAt', { record: true, knownAt: '2025-13-01', lines: [good] }, ['knownAt']],
      [
        'a line id used twice',
        {
          record: true,
          lines: [
            { ...good, lineId: 'a' },
            { ...good, lineId: 'a' },
          ],
        },
        ['lines', 1, 'lineId'],
      ],
    ])('answers 400 to %s, with the zod issues by line index, and records nothing', async (_case, body, path) => {
      const events = await logHead(api);

      const answer = await evaluate(body);

      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(answer.body.error.details).toContainEqual(expect.objectContaining({ path }));
      expect(await logHead(api)).toBe(events);
    });
  });

  describe('given a log with nothing recorded yet', () => {
    it('answers as known before anything was recorded, so the answer replays the same once rules exist', async () => {
      const empty = await startApi();
      try {
        const answer = await empty.request('POST', '/evaluations', {
          body: { at: '2025-12-09', lines: [line({ product: 'B200' }, 'CN')] },
        });

        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ knownAt: '1970-01-01T00:00:00.000Z', position: 0, lines: [{ verdict: 'not-covered' }] });
      } finally {
        await empty.close();
      }
    });
  });
});
