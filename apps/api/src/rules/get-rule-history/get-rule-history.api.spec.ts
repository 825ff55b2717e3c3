import { OTHER_WRITER } from '../../testing/api-harness';
import { useApi } from '../../testing/api-lifecycle';
import { propose, RULE_ID, transition } from '../../testing/rule-commands.fixtures';

describe('GET /rules/:id/history', () => {
  const api = useApi('all', [propose(), transition('PauseRule', '2025-12-01')]);

  it('answers every event of the rule from the log, with both clocks and the actor', async () => {
    const answer = await api().request('GET', `/rules/${RULE_ID}/history`);

    expect(answer.status).toBe(200);
    expect(answer.body.ruleId).toBe(RULE_ID);
    expect(answer.body.events).toMatchObject([
      { type: 'RuleProposed', revision: 0, actor: OTHER_WRITER, effectiveAt: '2025-11-24T00:00:00.000Z' },
      { type: 'RulePaused', revision: 1, actor: OTHER_WRITER, effectiveAt: '2025-12-01T00:00:00.000Z' },
    ]);
    expect(typeof answer.body.events[0].recordedAt).toBe('string');
  });

  it('answers 404 for a rule that does not exist, and 400 to any query parameter', async () => {
    expect((await api().request('GET', '/rules/no-such-rule/history')).status).toBe(404);
    const unknown = await api().request('GET', `/rules/${RULE_ID}/history?asOf=2025-12-01`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^the query is not valid: /);
  });
});
