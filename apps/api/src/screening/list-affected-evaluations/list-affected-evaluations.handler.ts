import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { compareAnswers } from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { Screener, ScreeningView } from '@policy/projections';
import { ScreeningReads } from '../screening-read.service';
import { AffectedEvaluation, AffectedEvaluations, ListAffectedEvaluationsQuery } from './list-affected-evaluations.query';

/** Recorded evaluations looked at per request, so one page costs a bounded time however few match. */
const SCAN_BUDGET = 1000;
const CHUNK = 100;

/**
 * Which recorded decisions do later records change? Each evaluation's question is answered as
 * known before the records in question (just before the first event after `affectedSince`, or
 * as known when it was first answered, if that is later) and as known now; it is affected when
 * the two differ in a verdict or in the rule versions that decided.
 */
@QueryHandler(ListAffectedEvaluationsQuery)
export class ListAffectedEvaluationsHandler implements IQueryHandler<ListAffectedEvaluationsQuery, AffectedEvaluations> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly view: ScreeningView,
    private readonly screener: Screener,
    private readonly reads: ScreeningReads,
  ) {}

  async execute({ input: { affectedSince, after, limit } }: ListAffectedEvaluationsQuery): Promise<AffectedEvaluations> {
    const { position, knownAt: knownNow } = await this.reads.sync();
    const [next] = await this.store.readAll({ fromPosition: BigInt(affectedSince), limit: 1 });
    const recordedAt = (next?.metadata as { recordedAt?: unknown } | undefined)?.recordedAt;
    if (typeof recordedAt !== 'string') return { affectedSince, knownBefore: null, knownNow, evaluations: [] };
    const knownBefore = new Date(Date.parse(recordedAt) - 1).toISOString();
    const evaluations: AffectedEvaluation[] = [];
    let cursor = after ?? -1;
    for (let scanned = 0; scanned < SCAN_BUDGET && evaluations.length < limit;) {
      const chunk = this.view.evaluations(cursor, Math.min(CHUNK, SCAN_BUDGET - scanned));
      if (chunk.length === 0) return { affectedSince, knownBefore, knownNow, evaluations };
      for (const evaluation of chunk) {
        scanned++;
        cursor = evaluation.storedAt;
        const { question } = evaluation;
        const before = question.knownAt > knownBefore ? question.knownAt : knownBefore;
        const comparison = compareAnswers(
          this.screener.answer({ ...question, knownAt: before }, position),
          this.screener.answer({ ...question, knownAt: knownNow }, position),
        );
        if (comparison.affected) {
          const { changed, lines } = comparison;
          evaluations.push({
            evaluationId: evaluation.evaluationId,
            recordedAt: evaluation.recordedAt,
            position: evaluation.storedAt,
            at: question.at,
            changed,
            lines,
          });
          if (evaluations.length >= limit) break;
        }
      }
    }
    return { affectedSince, knownBefore, knownNow, evaluations, nextCursor: cursor };
  }
}
