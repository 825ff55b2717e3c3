import { Query } from '@nestjs/cqrs';
import { AnswerComparison } from '@policy/domain';

/** A recorded question asked again: the answer then and now, line by line. */
export type Recheck = AnswerComparison &
  Readonly<{
    evaluationId: string;
    at: string;
    then: { readonly knownAt: string; readonly position: number };
    now: { readonly knownAt: string; readonly position: number };
  }>;

export class RecheckEvaluationQuery extends Query<Recheck> {
  constructor(
    readonly evaluationId: string,
    /** Absent: as known now (everything recorded). */
    readonly knownAt?: string,
  ) {
    super();
  }
}
