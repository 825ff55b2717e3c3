import { DynamicModule, Logger, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { Projector, RuleReadModel, RuleSnapshots, Screener, ScreeningProjector, ScreeningView } from '@policy/projections';
import { join } from 'node:path';
import { Config } from '../config/config';

/**
 * The read side: the read model (rules at a point in both clocks), the snapshots that speed up
 * replays, the projector that folds the log into the read model, and the screening view
 * (catalogue, recorded evaluations) with its own projector. Global, as the write path
 * (read-your-writes), the queries and health all need it.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        {
          provide: RuleReadModel,
          useFactory: () => {
            const logger = new Logger('ReadModel');
            return new RuleReadModel(join(config.POLICY_DATA_DIR, 'read-model.sqlite'), {
              indexReports: {
                loaded: ({ rules, ms }) => logger.log(`in-memory index of ${rules} rules loaded in ${ms} ms`),
                failed: (error) => logger.warn(`in-memory index not loaded (lists and screenings read SQLite alone): ${String(error)}`),
              },
            });
          },
        },
        { provide: RuleSnapshots, useFactory: () => new RuleSnapshots(join(config.POLICY_DATA_DIR, 'snapshots.sqlite')) },
        {
          provide: Projector,
          inject: [EVENT_STORE, RuleReadModel],
          useFactory: (store: EventStore, readModel: RuleReadModel) => new Projector(store, readModel, new Logger('Projector')),
        },
        // Screening's own view of the log (the catalogue, recorded evaluations), with its own checkpoint.
        { provide: ScreeningView, useFactory: () => new ScreeningView(join(config.POLICY_DATA_DIR, 'screening.sqlite')) },
        {
          provide: ScreeningProjector,
          inject: [EVENT_STORE, ScreeningView],
          useFactory: (store: EventStore, view: ScreeningView) => new ScreeningProjector(store, view, new Logger('ScreeningProjector')),
        },
        {
          provide: Screener,
          inject: [RuleReadModel, ScreeningView],
          useFactory: (rules: RuleReadModel, view: ScreeningView) => new Screener(rules, view),
        },
      ],
      exports: [RuleReadModel, RuleSnapshots, Projector, ScreeningView, ScreeningProjector, Screener],
    };
  }
}
