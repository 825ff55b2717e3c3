import { RuleEvent } from '@policy/domain';
import { useApi } from './api-lifecycle';
import { propose, RULE_ID } from './rule-commands.fixtures';

/** A status change a client asks for by `POST /rules/:id/<action>`, the status it leads to, and its event. */
export interface StatusChangeRoute {
  readonly action: 'approve' | 'pause' | 'rescind';
  readonly status: 'approved' | 'paused' | 'rescinded';
  readonly event: Extract<RuleEvent['type'], 'RuleApproved' | 'RulePaused' | 'RuleRescinded'>;
}

/** The cases every status-change route answers alike; each use case's own spec calls this with its route. */
export const describeStatusChangeRoute = ({ action, status, event }: StatusChangeRoute): void =>
  describe(`POST /rules/:id/${action}`, () => {
    const api = useApi('each');

    describe('given a proposed rule', () => {
      beforeEach(() => api().record(propose()));

      it('records the change and answers 200 with the rule after it', async () => {
        const answer = await api().request('POST', `/rules/${RULE_ID}/${action}`, { body: { effectiveAt: '2025-12-08' } });

        expect(answer.status).toBe(200);
        expect(answer.headers.etag).toBe('"1"');
        expect(answer.body).toMatchObject({ ruleId: RULE_ID, revision: 1, state: { status, effectiveAt: '2025-12-08T00:00:00.000Z' } });
        expect((await api().streamOf(RULE_ID)).map((e) => e.type)).toEqual(['RuleProposed', event]);
      });

      it('answers 400 to an unknown field, and records nothing', async () => {
        const answer = await api().request('POST', `/rules/${RULE_ID}/${action}`, { body: { effectiveAt: '2025-12-08', by: 'me' } });

        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('validation_failed');
        expect(answer.body.error.message).toMatch(/^the request is not valid: /);
        expect(await api().streamOf(RULE_ID)).toHaveLength(1);
      });
    });

    it('answers 404 for a rule that does not exist', async () => {
      const answer = await api().request('POST', `/rules/no-such-rule/${action}`, { body: { effectiveAt: '2025-12-08' } });

      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('rule_not_found');
    });
  });
