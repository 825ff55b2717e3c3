import { Query } from '@nestjs/cqrs';
import { RecheckLine } from '@policy/domain';

/** A recorded evaluation that later records change, and how. */
export interface AffectedEvaluation {
  readonly evaluationId: string;
  readonly recordedAt: string;
  /** Where the evaluation itself sits in the log (the cursor of this list). */
  readonly position: number;
  readonly at: string;
  /** Some line's verdict differs (otherwise only the deciding rule versions do). */
  readonly changed: boolean;
  readonly lines: readonly RecheckLine[];
}

export interface AffectedEvaluations {
  readonly affectedSince: number;
  /** The recorded time just before the first event after `affectedSince`: what was known by then. */
  readonly knownBefore: string | null;
  readonly knownNow: string;
  readonly evaluations: readonly AffectedEvaluation[];
  /** Pass as `after` for the next page; absent once every recorded evaluation was looked at. */
  readonly nextCursor?: number;
}

export class ListAffectedEvaluationsQuery extends Query<AffectedEvaluations> {
  constructor(readonly input: { readonly affectedSince: number; readonly after?: number; readonly limit: number }) {
    super();
  }
}
