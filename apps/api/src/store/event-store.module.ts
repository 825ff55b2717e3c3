import { DynamicModule, Module } from '@nestjs/common';
import { EVENT_STORE } from '@policy/event-store';
import { Config } from '../config/config';
import { describeStore, STORE_DESCRIPTION } from '../startup/store-description';
import { CLOCK, systemClock } from './clock';
import { Metrics } from '../observability/metrics';
import { createEventStore } from './event-store.provider';

/** The log and the clock that stamps recorded time: global, as nearly every feature reads the log. */
@Module({})
export class EventStoreModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: EVENT_STORE, inject: [Metrics], useFactory: (metrics: Metrics) => createEventStore(config, metrics) },
        { provide: CLOCK, useValue: systemClock },
        { provide: STORE_DESCRIPTION, useValue: describeStore(config) },
      ],
      exports: [EVENT_STORE, CLOCK, STORE_DESCRIPTION],
    };
  }
}
