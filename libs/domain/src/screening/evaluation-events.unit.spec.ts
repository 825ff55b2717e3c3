import { EvaluationAnswer } from './evaluation-answer';
import { EvaluationRecorded, evaluationRecorded } from './evaluation-events';
import { EVALUATION_STREAM_PREFIX, evaluationStreamName } from './evaluation-id';
import { EvaluationQuestion } from './evaluation-request';

const ID = '0b7c2c1e-4f7a-4c59-9d7e-2f8f6c1d9a10';
const question: EvaluationQuestion = {
  at: '2025-12-09T00:00:00.000Z',
  knownAt: '9999-12-31T23:59:59.999Z',
  lines: [{ lineId: '1', vendor: 'NVIDIA', product: 'MI308', destination: { country: 'CN' } }],
};
const answer: EvaluationAnswer = {
  at: question.at,
  knownAt: question.knownAt,
  position: 17,
  lines: [{ lineId: '1', verdict: 'not-covered', jurisdictions: [], rules: [], pending: [] }],
};
const context = { actor: 'key:auditor', correlationId: 'req-1', recordedAt: '2025-12-09T10:00:00.000Z' };

describe('Screening', () => {
  describe('when an evaluation is recorded', () => {
    it('stamps the answer with its id and keeps the position, who asked and in which request', () =>
      expect(evaluationRecorded({ evaluationId: ID, question, answer, ...context })).toEqual({
        type: 'EvaluationRecorded',
        evaluationId: ID,
        question,
        answer: { ...answer, evaluationId: ID },
        position: 17,
        ...context,
      }));

    it('reads back as stored', () => {
      const event = evaluationRecorded({ evaluationId: ID, question, answer, ...context });
      expect(EvaluationRecorded.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    });

    it('refuses an event whose answer names another evaluation or position', () => {
      const event = evaluationRecorded({ evaluationId: ID, question, answer, ...context });
      expect(EvaluationRecorded.safeParse({ ...event, position: 18 }).success).toBe(false);
      expect(EvaluationRecorded.safeParse({ ...event, answer: { ...event.answer, evaluationId: 'other' } }).success).toBe(false);
    });

    it('lives in a stream of its own, named by its id', () => {
      expect(evaluationStreamName(ID)).toBe(`policy-evaluation-${ID}`);
      expect(EVALUATION_STREAM_PREFIX).toBe('policy-evaluation-');
    });
  });
});
