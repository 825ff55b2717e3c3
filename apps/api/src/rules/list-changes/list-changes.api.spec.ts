import { useApi } from '../../testing/api-lifecycle';
import { propose, RULE_ID, transition } from '../../testing/rule-commands.fixtures';

describe('GET /changes', () => {
  const api = useApi('all', [propose(RULE_ID, '2025-11-24'), transition('ApproveRule', '2025-12-08')]);

  it('answers each rule that changed in effective time between two dates, before and after', async () => {
    const answer = await api().request('GET', '/changes?from=2025-12-01&to=2025-12-31');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ from: '2025-12-01T00:00:00.000Z', to: '2025-12-31T00:00:00.000Z' });
    expect(answer.body.changes).toMatchObject([{ ruleId: RULE_ID, before: { status: 'proposed' }, after: { status: 'approved' } }]);
  });

  it('answers 400 when from is not before to', async () => {
    const answer = await api().request('GET', '/changes?from=2025-12-31&to=2025-12-01');

    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].path).toEqual(['to']);
  });
});
