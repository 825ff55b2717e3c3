import { useApi } from '../../testing/api-lifecycle';
import { propose, RULE_ID, transition } from '../../testing/rule-commands.fixtures';

describe('GET /rules/:id', () => {
  const api = useApi('all', [propose(RULE_ID, '2025-11-24'), transition('ApproveRule', '2025-12-08')]);

  it('answers the version in force now, with its revision as the ETag', async () => {
    const answer = await api().request('GET', `/rules/${RULE_ID}`);

    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"1"');
    expect(answer.body).toMatchObject({ consistency: 'read-model', rule: { ruleId: RULE_ID, status: 'approved', revision: 1 } });
  });

  it('answers the version in force at an earlier effective time, the same from the read model and a replay', async () => {
    const readModel = await api().request('GET', `/rules/${RULE_ID}?asOf=2025-12-01`);
    const replay = await api().request('GET', `/rules/${RULE_ID}?asOf=2025-12-01&consistency=replay`);

    expect(readModel.body.rule).toMatchObject({ status: 'proposed', revision: 0 });
    expect(replay.body).toMatchObject({ consistency: 'replay', rule: readModel.body.rule });
  });

  it('answers 404 before the rule took effect, and 400 to an unknown parameter', async () => {
    const before = await api().request('GET', `/rules/${RULE_ID}?asOf=2025-01-01`);
    const unknown = await api().request('GET', `/rules/${RULE_ID}?colour=red`);

    expect(before.status).toBe(404);
    expect(before.body.error.code).toBe('rule_not_found');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^the query is not valid: /);
  });

  it('reports a bad query before a bad rule id, as each route always has', async () => {
    const answer = await api().request('GET', '/rules/Not%20A%20Slug?colour=red');

    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^the query is not valid: /);
  });
});
