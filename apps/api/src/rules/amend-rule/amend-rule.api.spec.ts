import { useApi } from '../../testing/api-lifecycle';
import { propose, RULE_ID } from '../../testing/rule-commands.fixtures';

describe('POST /rules/:id/amend', () => {
  const api = useApi('each');

  describe('given a proposed rule', () => {
    beforeEach(() => api().record(propose()));

    it('records the amendment and answers 200 with the amended terms', async () => {
      const body = { effectiveAt: '2025-12-08', changes: { title: 'H200 exports to China allowed' } };
      const answer = await api().request('POST', `/rules/${RULE_ID}/amend`, { body });

      expect(answer.status).toBe(200);
      expect(answer.headers.etag).toBe('"1"');
      expect(answer.body).toMatchObject({ revision: 1, state: { status: 'proposed', terms: { title: 'H200 exports to China allowed' } } });
      expect((await api().streamOf(RULE_ID)).map((e) => e.type)).toEqual(['RuleProposed', 'RuleAmended']);
    });

    it('answers 400 to an amendment that changes nothing, and records nothing', async () => {
      const answer = await api().request('POST', `/rules/${RULE_ID}/amend`, { body: { effectiveAt: '2025-12-08', changes: {} } });

      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(/^the amendment is not valid: /);
      expect(await api().streamOf(RULE_ID)).toHaveLength(1);
    });
  });

  it('answers 400 to a rule id that is not a slug, before reading the body', async () => {
    const answer = await api().request('POST', '/rules/Not%20A%20Slug/amend', { body: { changes: {} } });

    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^the rule id is not valid: /);
  });
});
