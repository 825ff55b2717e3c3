import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { nameBasedUuid, sha256Hex, timeOrderedUuid } from '@policy/common';
import {
  ConcurrencyError,
  EvaluationAnswer,
  EvaluationRecorded,
  evaluationRecorded,
  EvaluationRequest,
  evaluationStreamName,
  toEvaluationRecorded,
  toQuestion,
  toStoredEvaluationParts,
  ValidationError,
} from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { ScreeningProjector } from '@policy/projections';
import { randomUUID } from 'node:crypto';
import { RuleCommandContext } from '../../rules/rule-command-context';
import { Clock, CLOCK } from '../../store/clock';
import { ScreeningReads } from '../screening-read.service';
import { EvaluateCommand } from './evaluate.command';

/**
 * Answers a screening question; with `record: true` keeps it and its answer as an event. A
 * recorded evaluation sent with an Idempotency-Key is stored under an id named by the key, so a
 * retry finds its first attempt and gets the same answer back, and nothing is recorded twice.
 */
@CommandHandler(EvaluateCommand)
export class EvaluateHandler implements ICommandHandler<EvaluateCommand, EvaluationAnswer> {
  constructor(
    private readonly reads: ScreeningReads,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly screening: ScreeningProjector,
  ) {}

  async execute({ input: { body, context } }: EvaluateCommand): Promise<EvaluationAnswer> {
    const keyed = body.record && context.idempotencyKey !== undefined;
    // Only a recorded evaluation has an id and keeps its request's hash.
    const evaluationId = keyed ? nameBasedUuid(`evaluation|${context.actor}|${context.idempotencyKey}`) : body.record ? randomUUID() : '';
    const hash = body.record ? requestHash(body) : '';
    if (keyed) {
      const earlier = await this.firstAttempt(evaluationId, hash);
      if (earlier) return earlier;
    }
    const now = this.clock.now().toISOString();
    const asked = toQuestion(body, now);
    const answer = await this.reads.answer(asked, body.knownAt);
    if (!body.record) return answer;
    // Recorded with the knownAt it was answered at, so a recheck asks exactly the same question.
    const event = evaluationRecorded({
      evaluationId,
      question: { ...asked, knownAt: answer.knownAt },
      answer,
      ...who(context),
      recordedAt: now,
    });
    try {
      await this.record(event, context, hash);
    } catch (error) {
      // Another request with the same key got there first: answer as it was answered.
      const earlier = keyed && error instanceof ConcurrencyError ? await this.firstAttempt(evaluationId, hash) : undefined;
      if (earlier) return earlier;
      throw error;
    }
    return event.answer;
  }

  /** The answer a keyed evaluation was first given, after checking the retry is the same request. */
  private async firstAttempt(evaluationId: string, hash: string): Promise<EvaluationAnswer | undefined> {
    const [stored] = await this.store.readStream(evaluationStreamName(evaluationId));
    if (!stored) return undefined;
    if ((stored.metadata as { requestHash?: unknown }).requestHash !== hash) {
      throw new ValidationError(
        'this Idempotency-Key was already used for a different request; use a new key',
        undefined,
        'idempotency_key_reused',
      );
    }
    await this.screening.waitFor(stored.position);
    return toEvaluationRecorded(stored).answer;
  }

  private async record(event: EvaluationRecorded, context: RuleCommandContext, hash: string): Promise<void> {
    const stored = toStoredEvaluationParts(event, context, hash);
    const result = await this.store.append(evaluationStreamName(event.evaluationId), [{ eventId: timeOrderedUuid(), ...stored }], {
      expectedRevision: 'no-stream',
    });
    // Read-your-writes: GET /evaluations/:id on this instance finds it at once.
    await this.screening.waitFor(result.position);
  }
}

const who = (context: RuleCommandContext) => ({ actor: context.actor, correlationId: context.correlationId });

/** What makes two keyed evaluations "the same": the request after parsing. */
const requestHash = (body: EvaluationRequest): string => sha256Hex(JSON.stringify(body));
