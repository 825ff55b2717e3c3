import { ADMIN_ACTOR } from '../../testing/api-harness';
import { useApi } from '../../testing/api-lifecycle';
import { proposalBody, RULE_ID } from '../../testing/rule-commands.fixtures';

describe('POST /rules', () => {
  const api = useApi('each');

  describe('given no such rule', () => {
    it('records the proposal and answers 201 with its location and revision', async () => {
      const answer = await api().request('POST', '/rules', { body: proposalBody() });

      expect(answer.status).toBe(201);
      expect(answer.headers.location).toBe(`/rules/${RULE_ID}`);
      expect(answer.headers.etag).toBe('"0"');
      expect(answer.body).toMatchObject({ ruleId: RULE_ID, revision: 0, state: { status: 'proposed' } });
      const stream = await api().streamOf(RULE_ID);
      expect(stream.map((e) => e.type)).toEqual(['RuleProposed']);
      expect(stream[0].metadata).toMatchObject({ actor: ADMIN_ACTOR });
    });

    it('answers 400 naming each zod issue, and records nothing', async () => {
      const answer = await api().request('POST', '/rules', { body: { ...proposalBody(), colour: 'red', effect: 'maybe' } });

      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(answer.body.error.message).toMatch(/^the rule is not valid: /);
      expect(answer.body.error.details.length).toBeGreaterThanOrEqual(2);
      expect(await api().streamOf(RULE_ID)).toEqual([]);
    });

    it('answers 401 without a key, and records nothing', async () => {
      expect((await api().request('POST', '/rules', { body: proposalBody(), key: null })).status).toBe(401);
      expect(await api().streamOf(RULE_ID)).toEqual([]);
    });
  });
});
