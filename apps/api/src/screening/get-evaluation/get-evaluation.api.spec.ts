import { useRecordedEvaluation } from '../../testing/screening.fixtures';

describe('GET /evaluations/:id', () => {
  const given = useRecordedEvaluation();

  it('answers an auditor with the recorded question, the answer as given then, and who asked', async () => {
    const answer = await given.api.request('GET', `/evaluations/${given.recorded.evaluationId}`, { key: given.api.keyFor('auditor') });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      evaluationId: given.recorded.evaluationId,
      actor: 'key:env-admin',
      position: given.recorded.answer.position,
      question: { at: '2025-12-01T00:00:00.000Z', knownAt: given.recorded.answer.knownAt, lines: [{ lineId: '1', product: 'B200' }] },
      answer: given.recorded.answer,
    });
    expect(answer.body.type).toBeUndefined();
  });

  it('answers 403 to a reader', async () => {
    const answer = await given.api.request('GET', `/evaluations/${given.recorded.evaluationId}`, { key: given.api.keyFor('reader') });

    expect(answer.status).toBe(403);
  });

  it('answers 404 to an evaluation never recorded, and 400 to a bad id or an unknown parameter', async () => {
    const missing = await given.api.request('GET', '/evaluations/no-such-evaluation');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('evaluation_not_found');
    expect((await given.api.request('GET', '/evaluations/Not_An_Id')).status).toBe(400);
    expect((await given.api.request('GET', `/evaluations/${given.recorded.evaluationId}?verbose=1`)).status).toBe(400);
  });
});
