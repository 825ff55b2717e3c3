import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CATALOGUE_STREAM,
  ConcurrencyError,
  decideCatalogue,
  foldCatalogue,
  toCatalogueEvent,
  toStoredCatalogueParts,
} from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { ScreeningProjector } from '@policy/projections';
import { timeOrderedUuid } from '@policy/common';
import { Clock, CLOCK } from '../../store/clock';
import { ClassificationAnswer, ClassifyProductCommand } from './classify-product.command';

/** A lost race re-reads the (small) catalogue stream and decides again. */
const ATTEMPTS = 5;

@CommandHandler(ClassifyProductCommand)
export class ClassifyProductHandler implements ICommandHandler<ClassifyProductCommand, ClassificationAnswer> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly screening: ScreeningProjector,
  ) {}

  async execute({ input: { body, context } }: ClassifyProductCommand): Promise<ClassificationAnswer> {
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.store.readStream(CATALOGUE_STREAM);
      const state = foldCatalogue(recorded.map(toCatalogueEvent));
      const last = state.entries.at(-1)?.recordedAt;
      const now = this.clock.now().toISOString();
      // Recorded time never goes backwards within the catalogue, whatever the server clock does.
      const recordedAt = last !== undefined && last > now ? last : now;
      const [event] = decideCatalogue({ type: 'ClassifyProduct', data: body, metadata: { recordedAt, actor: context.actor } }, state);
      const stored = toStoredCatalogueParts(event, context);
      try {
        const result = await this.store.append(CATALOGUE_STREAM, [{ eventId: timeOrderedUuid(), ...stored }], {
          expectedRevision: recorded.length === 0 ? 'no-stream' : BigInt(recorded.length - 1),
        });
        await this.screening.waitFor(result.position);
        return { ...stored.data, position: Number(result.position) };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
