import { z } from 'zod';
import { Instant } from '../time';
import { EvaluationAnswer } from './evaluation-answer';
import { EvaluationId } from './evaluation-id';
import { EvaluationQuestion } from './evaluation-request';

/**
 * A screening question and its answer, kept so an auditor can read the decision as it was
 * taken and recheck it later. Who asked and in which request travel in the event itself:
 * `GET /evaluations/:id` shows them beside the question. `position` is the log position the
 * answer reflects, the same as `answer.position`. Not a rule event: never on the rule topics.
 */
export const EvaluationRecorded = z
  .strictObject({
    type: z.literal('EvaluationRecorded'),
    evaluationId: EvaluationId,
    question: EvaluationQuestion,
    answer: EvaluationAnswer,
    position: z.number().int().nonnegative(),
    actor: z.string().min(1).max(200),
    correlationId: z.string().min(1).max(200),
    recordedAt: Instant,
  })
  .refine((event) => event.answer.evaluationId === event.evaluationId && event.answer.position === event.position, {
    message: 'the answer carries the evaluation id and the position of its event',
    path: ['answer'],
  });
export type EvaluationRecorded = z.infer<typeof EvaluationRecorded>;

export type EvaluationEvent = EvaluationRecorded;
export const EVALUATION_EVENT_TYPES: readonly EvaluationEvent['type'][] = ['EvaluationRecorded'];

/** The event recording an answered question; the answer is stamped with the evaluation id. */
export const evaluationRecorded = (input: {
  evaluationId: EvaluationId;
  question: EvaluationQuestion;
  answer: EvaluationAnswer;
  actor: string;
  correlationId: string;
  recordedAt: Instant;
}): EvaluationRecorded => ({
  type: 'EvaluationRecorded',
  evaluationId: input.evaluationId,
  question: input.question,
  answer: { ...input.answer, evaluationId: input.evaluationId },
  position: input.answer.position,
  actor: input.actor,
  correlationId: input.correlationId,
  recordedAt: input.recordedAt,
});
