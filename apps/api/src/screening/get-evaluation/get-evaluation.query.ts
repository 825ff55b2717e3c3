import { Query } from '@nestjs/cqrs';
import { EvaluationRecorded } from '@policy/domain';

/** A recorded evaluation: who asked, when, the question and the answer as given then. */
export type RecordedEvaluation = Omit<EvaluationRecorded, 'type'>;

export class GetEvaluationQuery extends Query<RecordedEvaluation> {
  constructor(readonly evaluationId: string) {
    super();
  }
}
