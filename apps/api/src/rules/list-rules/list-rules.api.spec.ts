import { useApi } from '../../testing/api-lifecycle';
import { propose, transition } from '../../testing/rule-commands.fixtures';

describe('GET /rules', () => {
  const api = useApi('all', [propose('rule-a'), propose('rule-b'), transition('ApproveRule', '2025-12-08', 'rule-b')]);

  it('answers the rules in force as JSON, paged and filtered', async () => {
    const all = await api().request('GET', '/rules');
    const approved = await api().request('GET', '/rules?status=approved');
    const firstPage = await api().request('GET', '/rules?limit=1');

    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(all.body.rules.map((r: { ruleId: string }) => r.ruleId)).toEqual(['rule-a', 'rule-b']);
    expect(typeof all.body.asOf).toBe('string');
    expect(approved.body.rules.map((r: { ruleId: string }) => r.ruleId)).toEqual(['rule-b']);
    expect(firstPage.body.rules).toHaveLength(1);
    // Written from kept bytes: the same text JSON.stringify gives, keys in the same order.
    expect(firstPage.text).toBe(JSON.stringify(firstPage.body));
    expect(Object.keys(firstPage.body)).toEqual(['asOf', 'knownAt', 'rules', 'nextCursor']);
    expect(Number(firstPage.headers['content-length'])).toBe(Buffer.byteLength(firstPage.text));
  });

  it('answers 400 to a limit out of range', async () => {
    const answer = await api().request('GET', '/rules?limit=0');

    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
  });
});
