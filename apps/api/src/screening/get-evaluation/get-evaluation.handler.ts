import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@policy/domain';
import { ScreeningView } from '@policy/projections';
import { GetEvaluationQuery, RecordedEvaluation } from './get-evaluation.query';

@QueryHandler(GetEvaluationQuery)
export class GetEvaluationHandler implements IQueryHandler<GetEvaluationQuery, RecordedEvaluation> {
  constructor(private readonly view: ScreeningView) {}

  async execute({ evaluationId }: GetEvaluationQuery): Promise<RecordedEvaluation> {
    return recordedEvaluation(this.view, evaluationId);
  }
}

/** The recorded evaluation, or 404 `evaluation_not_found`. */
export const recordedEvaluation = (view: ScreeningView, evaluationId: string): RecordedEvaluation => {
  const stored = view.evaluation(evaluationId);
  if (!stored) throw new NotFoundError(`no evaluation ${evaluationId} was recorded`, 'evaluation_not_found');
  const { type: _type, storedAt: _storedAt, ...evaluation } = stored;
  return evaluation;
};
