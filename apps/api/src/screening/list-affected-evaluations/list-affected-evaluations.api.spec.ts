import { ApiHarness, startApi } from '../../testing/api-harness';
import { transition } from '../../testing/rule-commands.fixtures';
import { HUMAIN_ID, line, logHead, recordHumainEvaluation, recordScreeningHistory } from '../../testing/screening.fixtures';

describe('GET /evaluations?affectedSince=', () => {
  let api: ApiHarness;
  let humain: string;
  let another: string;
  let beforeCorrection: number;
  beforeAll(async () => {
    api = await startApi();
    await recordScreeningHistory(api);
    humain = (await recordHumainEvaluation(api)).evaluationId;
    // A second decision the correction does not touch: a B200 to China, denied either way.
    const china = await api.request('POST', '/evaluations', {
      body: { at: '2025-12-09', record: true, lines: [line({ product: 'B200' }, 'CN')] },
    });
    expect(china.status).toBe(200);
    another = (await recordHumainEvaluation(api)).evaluationId;
    beforeCorrection = await logHead(api);
    await api.record(transition('RescindRule', '2025-11-30T00:00:00.000Z', HUMAIN_ID));
  });
  afterAll(() => api.close());

  const affected = (query: string, key?: string) => api.request('GET', `/evaluations?${query}`, { key });

  it('lists the recorded evaluations that a later, backdated correction changes, and no other', async () => {
    const answer = await affected(`affectedSince=${beforeCorrection}`, api.keyFor('auditor'));

    expect(answer.status).toBe(200);
    expect(answer.body.affectedSince).toBe(beforeCorrection);
    expect(answer.body.knownBefore < answer.body.knownNow).toBe(true);
    expect(answer.body.evaluations.map((e: { evaluationId: string }) => e.evaluationId)).toEqual([humain, another]);
    expect(answer.body.evaluations[0]).toMatchObject({
      at: '2025-12-01T00:00:00.000Z',
      changed: true,
      lines: [{ lineId: '1', verdictThen: 'allowed-with-conditions', verdictNow: 'not-covered' }],
    });
  });

  it('pages by the evaluations’ own positions', async () => {
    const first = await affected(`affectedSince=${beforeCorrection}&limit=1`);
    const second = await affected(`affectedSince=${beforeCorrection}&limit=1&after=${first.body.nextCursor}`);

    expect(first.body.evaluations.map((e: { evaluationId: string }) => e.evaluationId)).toEqual([humain]);
    expect(first.body.nextCursor).toBe(first.body.evaluations[0].position);
    expect(second.body.evaluations.map((e: { evaluationId: string }) => e.evaluationId)).toEqual([another]);
  });

  it('lists nothing when nothing was recorded after the position', async () => {
    const answer = await affected(`affectedSince=${await logHead(api)}`);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ knownBefore: null, evaluations: [] });
  });

  it('answers 403 to a reader and 400 to a missing or bad position', async () => {
    expect((await affected(`affectedSince=${beforeCorrection}`, api.keyFor('reader'))).status).toBe(403);
    for (const query of ['', 'affectedSince=-1', 'affectedSince=soon', `affectedSince=0&limit=201`, 'affectedSince=0&lines=1']) {
      expect([query, (await affected(query)).status]).toEqual([query, 400]);
    }
  });
});
