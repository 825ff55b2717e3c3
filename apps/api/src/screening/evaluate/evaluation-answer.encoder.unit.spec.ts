import { EvaluationAnswer, RuleInForce } from '@policy/domain';
import { EvaluationAnswerEncoder } from './evaluation-answer.encoder';

const rule = (ruleId: string, revision: number, title: string): RuleInForce => ({
  ruleId,
  revision,
  status: 'approved',
  effect: 'allow',
  jurisdiction: 'US',
  authority: 'US Department of Commerce (BIS)',
  instrument: 'licence-decision',
  title,
  effectiveAt: '2025-12-01T00:00:00.000Z',
  recordedAt: '2025-12-02T09:30:00.000Z',
  conditions: [{ kind: 'volume-cap', description: 'at most 18,000 GB300 a year', unit: 'units', value: 18000 }],
  sources: [
    {
      title: 'Reuters — “Humain” licence',
      url: 'https://www.reuters.com/x',
      publisher: 'Reuters',
      publishedAt: '2025-11-20T00:00:00.000Z',
    },
  ],
});

const answerWith = (rules: RuleInForce[][], extra: object = {}): EvaluationAnswer =>
  ({
    at: '2025-12-09T00:00:00.000Z',
    knownAt: '2025-12-10T00:00:00.000Z',
    position: 42,
    lines: rules.map((inForce, i) => ({
      lineId: String(i + 1),
      verdict: inForce.length > 0 ? 'allowed-with-conditions' : 'not-covered',
      jurisdictions:
        inForce.length > 0 ? [{ jurisdiction: 'US', verdict: 'allowed-with-conditions', ruleIds: inForce.map((r) => r.ruleId) }] : [],
      rules: inForce,
      pending: [],
    })),
    ...extra,
  }) as EvaluationAnswer;

describe('EvaluationAnswerEncoder', () => {
  const encoder = new EvaluationAnswerEncoder();

  describe('given an answer with rules in force on some lines', () => {
    const humain = rule('us-humain-2025', 1, 'Blackwell to Humain ≤ 18k/yr');
    const ban = rule('us-blackwell-cn', 3, 'Blackwell to China');
    const answer = answerWith([[humain, ban], [], [humain]], { receipt: { position: 42, root: 'ab' } });

    it('writes exactly the bytes JSON.stringify gives, non-ASCII text included', () => {
      expect(encoder.encode(answer).toString('utf8')).toBe(JSON.stringify(answer));
    });

    it('writes the same bytes again from the texts it kept, and a rule kept by one answer into another', () => {
      const first = encoder.encode(answer);
      const other = answerWith([[ban]]);

      expect(encoder.encode(answer).equals(first)).toBe(true);
      expect(encoder.encode(other).toString('utf8')).toBe(JSON.stringify(other));
    });

    it('tells two versions of one rule apart', () => {
      const amended = rule('us-humain-2025', 2, 'Blackwell to Humain ≤ 35k/yr');

      expect(JSON.parse(encoder.encode(answerWith([[amended]])).toString('utf8')).lines[0].rules[0].title).toBe(amended.title);
    });
  });

  describe('given an answer with no lines', () => {
    it('writes an empty list', () => {
      const answer = answerWith([]);

      expect(encoder.encode(answer).toString('utf8')).toBe(JSON.stringify(answer));
    });
  });
});
