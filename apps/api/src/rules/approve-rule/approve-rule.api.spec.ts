import { ApiHarness, startApi } from '../../testing/api-harness';
import { propose, RULE_ID } from '../../testing/rule-commands.fixtures';

describe('POST /rules/:id/approve', () => {
  let api: ApiHarness;
  beforeEach(async () => (api = await startApi()));
  afterEach(() => api.close());

  describe('given a proposed rule', () => {
    beforeEach(() => api.record(propose()));

    it('records the change and answers 200 with the rule after it', async () => {
      const answer = await api.request('POST', `/rules/${RULE_ID}/approve`, { body: { effectiveAt: '2025-12-08' } });

      expect(answer.status).toBe(200);
      expect(answer.headers.etag).toBe('"1"');
      expect(answer.body).toMatchObject({
        ruleId: RULE_ID,
        revision: 1,
        state: { status: 'approved', effectiveAt: '2025-12-08T00:00:00.000Z' },
      });
      expect((await api.streamOf(RULE_ID)).map((e) => e.type)).toEqual(['RuleProposed', 'RuleApproved']);
    });

    it('answers 400 to an unknown field, and records nothing', async () => {
      const answer = await api.request('POST', `/rules/${RULE_ID}/approve`, { body: { effectiveAt: '2025-12-08', by: 'me' } });

      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(answer.body.error.message).toMatch(/^the request is not valid: /);
      expect(await api.streamOf(RULE_ID)).toHaveLength(1);
    });
  });

  it('answers 404 for a rule that does not exist', async () => {
    const answer = await api.request('POST', '/rules/no-such-rule/approve', { body: { effectiveAt: '2025-12-08' } });

    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('rule_not_found');
  });
});
