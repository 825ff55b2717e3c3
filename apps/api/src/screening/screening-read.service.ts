import { Injectable, Logger } from '@nestjs/common';
import { DomainError, EvaluationAnswer, EvaluationQuestion } from '@policy/domain';
import { Projector, Screener, ScreeningProjector, ScreeningView } from '@policy/projections';

/** How long an answer may wait for the screening view to reach the rule read model. */
const SYNC_TIMEOUT_MS = 5000;

/**
 * What a log with no rule or catalogue event yet was known at: before anything was recorded.
 * Everything-recorded (END_OF_TIME) would not do: asked again at that knownAt once rules exist,
 * the same question would get another answer.
 */
const NOTHING_RECORDED = '1970-01-01T00:00:00.000Z';

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

  /**
   * Lines the two views up: the screening view reaches what the rule read model shows, then the
   * rule read model reaches the position (and high water) read from the screening view, so the
   * candidates an answer reads include every rule event its knownAt covers. Either view may be
   * the first to fold an event another writer appended.
   */
  async sync(): Promise<{ position: number; knownAt: string }> {
    const rules = this.projector.status().position;
    if (rules !== undefined) await this.reach(this.screeningProjector, rules, 'the screening view');
    const position = this.view.checkpoint();
    const knownAt = this.view.recordedHighWater() ?? NOTHING_RECORDED;
    if (position !== undefined) await this.reach(this.projector, position, 'the rule read model');
    return { position: Number(position ?? 0n), knownAt };
  }

  private async reach(view: { waitFor(position: bigint, timeoutMs: number): Promise<boolean> }, position: bigint, name: string) {
    if (await view.waitFor(position, SYNC_TIMEOUT_MS)) return;
    this.logger.warn(`${name} has not reached position ${position} within ${SYNC_TIMEOUT_MS} ms`);
    throw new DomainError(
      'unavailable',
      'screening_catching_up',
      'the screening view is still catching up with the log; try again shortly',
    );
  }

  /** Answers `question` as known at `knownAt`, or, without one, as known up to the answer's position. */
  async answer(question: Omit<EvaluationQuestion, 'knownAt'>, knownAt: string | undefined): Promise<EvaluationAnswer> {
    const settled = await this.sync();
    return this.screener.answer({ at: question.at, lines: question.lines, knownAt: knownAt ?? settled.knownAt }, settled.position);
  }
}
