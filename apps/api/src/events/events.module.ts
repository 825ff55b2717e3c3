import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyStore } from '../auth/api-key.store';
import { Config } from '../config/config';
import { EventsController } from './events.controller';
import { Metrics } from '../observability/metrics';
import { FeedRegistry } from './feed-registry';

/** The raw log for auditors (paged) and the live feed (SSE). */
@Module({})
export class EventsModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: EventsModule,
      controllers: [EventsController],
      providers: [
        {
          provide: FeedRegistry,
          inject: [ApiKeyStore, Metrics],
          useFactory: (keys: ApiKeyStore, metrics: Metrics) => {
            const feeds = new FeedRegistry(keys, config.POLICY_SSE_MAX_FEEDS_PER_KEY);
            metrics.gauge('policy_event_feeds_open', 'SSE event feeds open now', () => feeds.size);
            return feeds;
          },
        },
      ],
    };
  }
}
