import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EvaluationAnswer, evaluationRecorded, evaluationStreamName, toQuestion } from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { ScreeningProjector } from '@policy/projections';
import { randomUUID } from 'node:crypto';
import { Clock, CLOCK } from '../../store/clock';
import { ScreeningReads } from '../screening-read.service';
import { EvaluateCommand } from './evaluate.command';

@CommandHandler(EvaluateCommand)
export class EvaluateHandler implements ICommandHandler<EvaluateCommand, EvaluationAnswer> {
  constructor(
    private readonly reads: ScreeningReads,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly screening: ScreeningProjector,
  ) {}

  async execute({ input: { body, context } }: EvaluateCommand): Promise<EvaluationAnswer> {
    const now = this.clock.now().toISOString();
    const asked = toQuestion(body, now);
    const answer = await this.reads.answer(asked, body.knownAt !== undefined);
    if (!body.record) return answer;
    // Recorded with the knownAt it was answered at, so a recheck asks exactly the same question.
    const question = { ...asked, knownAt: answer.knownAt };
    const evaluationId = randomUUID();
    const { type, ...data } = evaluationRecorded({
      evaluationId,
      question,
      answer,
      actor: context.actor,
      correlationId: context.correlationId,
      recordedAt: now,
    });
    const result = await this.store.append(
      evaluationStreamName(evaluationId),
      [
        {
          eventId: randomUUID(),
          type,
          data,
          metadata: { schemaVersion: 1, recordedAt: now, actor: context.actor, correlationId: context.correlationId },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    // Read-your-writes: GET /evaluations/:id on this instance finds it at once.
    await this.screening.waitFor(result.position);
    return data.answer;
  }
}
