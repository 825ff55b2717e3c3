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

  describe('paged like the rule list', () => {
    const paged = useApi('all', [propose('rule-a', '2025-12-02'), propose('rule-b', '2025-12-03'), propose('rule-c', '2025-12-04')]);
    const ids = (answer: { body: { changes: { ruleId: string }[] } }) => answer.body.changes.map((change) => change.ruleId);

    it('answers at most limit changes and a cursor, then the rest after it', async () => {
      const first = await paged().request('GET', '/changes?from=2025-12-01&to=2025-12-31&limit=2');
      const rest = await paged().request('GET', `/changes?from=2025-12-01&to=2025-12-31&limit=2&after=${first.body.nextCursor}`);

      expect(ids(first)).toEqual(['rule-a', 'rule-b']);
      expect(first.body.nextCursor).toBe('rule-b');
      expect(ids(rest)).toEqual(['rule-c']);
      expect(rest.body.nextCursor).toBeUndefined();
    });

    it('answers 400 to a limit over 500 or not in decimal', async () => {
      expect((await paged().request('GET', '/changes?from=2025-12-01&to=2025-12-31&limit=501')).status).toBe(400);
      expect((await paged().request('GET', '/changes?from=2025-12-01&to=2025-12-31&limit=0x10')).status).toBe(400);
    });
  });
});
