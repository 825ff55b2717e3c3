import { compareAnswers } from './answer-comparison';
import { LineAnswer, RuleInForce } from './evaluation-answer';
import { Verdict } from './verdict';

const rule = (ruleId: string, revision: number): RuleInForce => ({
  ruleId,
  revision,
  status: 'approved',
  effect: 'allow',
  jurisdiction: 'US',
  authority: 'US Department of Commerce (BIS)',
  instrument: 'licence-decision',
  title: ruleId,
  effectiveAt: '2025-11-24T00:00:00.000Z',
  recordedAt: '2025-11-24T00:00:00.000Z',
  conditions: [],
  sources: [],
});

const answered = (lineId: string, verdict: Verdict, rules: RuleInForce[] = []): LineAnswer => ({
  lineId,
  verdict,
  jurisdictions: rules.length === 0 ? [] : [{ jurisdiction: 'US', verdict, ruleIds: rules.map((r) => r.ruleId) }],
  rules,
  pending: [],
});

describe('Screening', () => {
  describe('when a recorded answer is rechecked', () => {
    it('shows nothing changed when the same rule versions decide', () =>
      expect(
        compareAnswers({ lines: [answered('1', 'allowed', [rule('us-a', 1)])] }, { lines: [answered('1', 'allowed', [rule('us-a', 1)])] }),
      ).toEqual({
        changed: false,
        affected: false,
        lines: [{ lineId: '1', verdictThen: 'allowed', verdictNow: 'allowed', changed: false, versionsOnlyThen: [], versionsOnlyNow: [] }],
      }));

    it('shows a backdated ban turning an allowance into a denial, line by line', () =>
      expect(
        compareAnswers(
          { lines: [answered('b200', 'allowed-with-conditions', [rule('us-humain', 1)]), answered('mi308', 'not-covered')] },
          { lines: [answered('b200', 'denied', [rule('us-ban', 1), rule('us-humain', 1)]), answered('mi308', 'not-covered')] },
        ),
      ).toEqual({
        changed: true,
        affected: true,
        lines: [
          {
            lineId: 'b200',
            verdictThen: 'allowed-with-conditions',
            verdictNow: 'denied',
            changed: true,
            versionsOnlyThen: [],
            versionsOnlyNow: ['us-ban@1'],
          },
          {
            lineId: 'mi308',
            verdictThen: 'not-covered',
            verdictNow: 'not-covered',
            changed: false,
            versionsOnlyThen: [],
            versionsOnlyNow: [],
          },
        ],
      }));

    it('flags an amended rule version as affecting the answer even when the verdict holds', () =>
      expect(
        compareAnswers(
          { lines: [answered('1', 'allowed-with-conditions', [rule('us-humain', 1)])] },
          { lines: [answered('1', 'allowed-with-conditions', [rule('us-humain', 2)])] },
        ),
      ).toEqual({
        changed: false,
        affected: true,
        lines: [
          {
            lineId: '1',
            verdictThen: 'allowed-with-conditions',
            verdictNow: 'allowed-with-conditions',
            changed: false,
            versionsOnlyThen: ['us-humain@1'],
            versionsOnlyNow: ['us-humain@2'],
          },
        ],
      }));

    it('shows a rescinded rule leaving the line not covered', () =>
      expect(
        compareAnswers({ lines: [answered('1', 'licence-required', [rule('us-a', 1)])] }, { lines: [answered('1', 'not-covered')] }),
      ).toEqual({
        changed: true,
        affected: true,
        lines: [
          {
            lineId: '1',
            verdictThen: 'licence-required',
            verdictNow: 'not-covered',
            changed: true,
            versionsOnlyThen: ['us-a@1'],
            versionsOnlyNow: [],
          },
        ],
      }));

    it('refuses to compare answers to different questions', () => {
      expect(() => compareAnswers({ lines: [answered('1', 'allowed')] }, { lines: [] })).toThrow(/1 lines with one of 0/);
      expect(() => compareAnswers({ lines: [answered('1', 'allowed')] }, { lines: [answered('2', 'allowed')] })).toThrow(
        /line 1 with line 2/,
      );
    });
  });
});
