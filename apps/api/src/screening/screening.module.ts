import { Module } from '@nestjs/common';
import { EvaluateController } from './evaluate/evaluate.controller';
import { EvaluateHandler } from './evaluate/evaluate.handler';
import { EncodedAnswerInterceptor } from './evaluate/encoded-answer.interceptor';
import { EvaluationAnswerEncoder } from './evaluate/evaluation-answer.encoder';
import { GetEvaluationController } from './get-evaluation/get-evaluation.controller';
import { GetEvaluationHandler } from './get-evaluation/get-evaluation.handler';
import { ListAffectedEvaluationsController } from './list-affected-evaluations/list-affected-evaluations.controller';
import { ListAffectedEvaluationsHandler } from './list-affected-evaluations/list-affected-evaluations.handler';
import { RecheckEvaluationController } from './recheck-evaluation/recheck-evaluation.controller';
import { RecheckEvaluationHandler } from './recheck-evaluation/recheck-evaluation.handler';
import { ScreeningReads } from './screening-read.service';

/** Screening: evaluate lines against the rules in force, record, recheck, find affected decisions. */
@Module({
  controllers: [EvaluateController, GetEvaluationController, RecheckEvaluationController, ListAffectedEvaluationsController],
  providers: [
    ScreeningReads,
    EvaluateHandler,
    EvaluationAnswerEncoder,
    EncodedAnswerInterceptor,
    GetEvaluationHandler,
    RecheckEvaluationHandler,
    ListAffectedEvaluationsHandler,
  ],
})
export class ScreeningModule {}
