import { ApiHarness, startApi } from '../../testing/api-harness';
import { recordHumainEvaluation, recordScreeningHistory } from '../../testing/screening.fixtures';

describe('GET /evaluations/:id', () => {
  let api: ApiHarness;
  let recorded: Awaited<ReturnType<typeof recordHumainEvaluation>>;
  beforeAll(async () => {
    api = await startApi();
    await recordScreeningHistory(api);
    recorded = await recordHumainEvaluation(api);
  });
  afterAll(() => api.close());

  it('answers an auditor with the recorded question, the answer as given then, and who asked', async () => {
    const answer = await api.request('GET', `/evaluations/${recorded.evaluationId}`, { key: api.keyFor('auditor') });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      evaluationId: recorded.evaluationId,
      actor: 'key:env-admin',
      position: recorded.answer.position,
      question: { at: '2025-12-01T00:00:00.000Z', knownAt: recorded.answer.knownAt, lines: [{ lineId: '1', product: 'B200' }] },
      answer: recorded.answer,
    });
    expect(answer.body.type).toBeUndefined();
  });

  it('answers 403 to a reader', async () => {
    const answer = await api.request('GET', `/evaluations/${recorded.evaluationId}`, { key: api.keyFor('reader') });

    expect(answer.status).toBe(403);
  });

  it('answers 404 to an evaluation never recorded, and 400 to a bad id or an unknown parameter', async () => {
    const missing = await api.request('GET', '/evaluations/no-such-evaluation');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('evaluation_not_found');
    expect((await api.request('GET', '/evaluations/Not_An_Id')).status).toBe(400);
    expect((await api.request('GET', `/evaluations/${recorded.evaluationId}?verbose=1`)).status).toBe(400);
  });
});
