import { Injectable, Logger } from '@nestjs/common';
import { DomainError, END_OF_TIME, EvaluationAnswer, EvaluationQuestion } from '@policy/domain';
import { Projector, Screener, ScreeningProjector, ScreeningView } from '@policy/projections';

/** How long an answer may wait for the screening view to reach the rule read model. */
const SYNC_TIMEOUT_MS = 5000;

/**
 * The one place screening answers are made: it lines the screening view (catalogue) up with the
 * rule read model, settles the question's recorded time, and asks the Screener.
 *
 * An answer reflects the log up to `position`. A question that named no `knownAt` is answered
 * as known at the latest recorded time in the log up to there, and says so; since recorded
 * time only grows along the log, the same question at that knownAt gets the same answer later.
 */
@Injectable()
export class ScreeningReads {
  private readonly logger = new Logger(ScreeningReads.name);

  constructor(
    private readonly projector: Projector,
    private readonly screeningProjector: ScreeningProjector,
    private readonly view: ScreeningView,
    private readonly screener: Screener,
  ) {}

  /** Waits until the screening view holds everything the rule read model shows. */
  async sync(): Promise<{ position: number; knownAt: string }> {
    const rules = this.projector.status().position;
    if (rules !== undefined && !(await this.screeningProjector.waitFor(rules, SYNC_TIMEOUT_MS))) {
      this.logger.warn(`the screening view has not reached position ${rules} within ${SYNC_TIMEOUT_MS} ms`);
      throw new DomainError(
        'unavailable',
        'screening_catching_up',
        'the screening view is still catching up with the log; try again shortly',
      );
    }
    return { position: Number(this.view.checkpoint() ?? 0n), knownAt: this.view.recordedHighWater() ?? END_OF_TIME };
  }

  /** Answers `question`; a question without knownAt is answered as known up to the answer's position. */
  async answer(question: EvaluationQuestion, knownAtGiven: boolean): Promise<EvaluationAnswer> {
    const { position, knownAt } = await this.sync();
    return this.screener.answer(knownAtGiven ? question : { ...question, knownAt }, position);
  }
}
