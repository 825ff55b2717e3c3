import { transition } from '../../testing/rule-commands.fixtures';
import { HUMAIN_ID, useRecordedEvaluation } from '../../testing/screening.fixtures';

describe('GET /evaluations/:id/recheck', () => {
  const given = useRecordedEvaluation();

  const recheck = (query = '', key?: string) =>
    given.api.request('GET', `/evaluations/${given.recorded.evaluationId}/recheck${query}`, { key });

  it('finds nothing changed while nothing was recorded since', async () => {
    const answer = await recheck('', given.api.keyFor('auditor'));

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      evaluationId: given.recorded.evaluationId,
      at: '2025-12-01T00:00:00.000Z',
      then: { knownAt: given.recorded.answer.knownAt, position: given.recorded.answer.position },
      changed: false,
      affected: false,
    });
  });

  describe('after a backdated rescission of the rule that decided', () => {
    beforeAll(() => given.api.record(transition('RescindRule', '2025-11-30T00:00:00.000Z', HUMAIN_ID)));

    it('shows the change line by line, with the rule version that no longer decides', async () => {
      const answer = await recheck();

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ changed: true, affected: true });
      expect(answer.body.now.position).toBeGreaterThan(answer.body.then.position);
      expect(answer.body.lines).toEqual([
        {
          lineId: '1',
          verdictThen: 'allowed-with-conditions',
          verdictNow: 'not-covered',
          changed: true,
          versionsOnlyThen: [`${HUMAIN_ID}@1`],
          versionsOnlyNow: [],
        },
      ]);
    });

    it('asked as known when the evaluation was recorded, finds it unchanged', async () => {
      const answer = await recheck(`?knownAt=${encodeURIComponent(given.recorded.answer.knownAt)}`);

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ now: { knownAt: given.recorded.answer.knownAt }, changed: false, affected: false });
    });
  });

  it('answers 403 to a reader, 404 to an evaluation never recorded, 400 to a bad knownAt', async () => {
    expect((await recheck('', given.api.keyFor('reader'))).status).toBe(403);
    const missing = await given.api.request('GET', '/evaluations/no-such-evaluation/recheck');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('evaluation_not_found');
    expect((await recheck('?knownAt=yesterday')).status).toBe(400);
    expect((await recheck('?asOf=2025-12-01')).status).toBe(400);
  });
});
