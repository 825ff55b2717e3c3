import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { compareAnswers } from '@policy/domain';
import { ScreeningView } from '@policy/projections';
import { recordedEvaluation } from '../get-evaluation/get-evaluation.handler';
import { ScreeningReads } from '../screening-read.service';
import { Recheck, RecheckEvaluationQuery } from './recheck-evaluation.query';

@QueryHandler(RecheckEvaluationQuery)
export class RecheckEvaluationHandler implements IQueryHandler<RecheckEvaluationQuery, Recheck> {
  constructor(
    private readonly view: ScreeningView,
    private readonly reads: ScreeningReads,
  ) {}

  async execute({ evaluationId, knownAt }: RecheckEvaluationQuery): Promise<Recheck> {
    const { question, answer: then } = recordedEvaluation(this.view, evaluationId);
    const now = await this.reads.answer(question, knownAt);
    return {
      evaluationId,
      at: question.at,
      then: { knownAt: then.knownAt, position: then.position },
      now: { knownAt: now.knownAt, position: now.position },
      ...compareAnswers(then, now),
    };
  }
}
