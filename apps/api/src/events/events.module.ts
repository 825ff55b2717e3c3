import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyStore } from '../auth/api-key.store';
import { Config } from '../config/config';
import { EventsController } from './events.controller';
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
          inject: [ApiKeyStore],
          useFactory: (keys: ApiKeyStore) => new FeedRegistry(keys, config.POLICY_SSE_MAX_FEEDS_PER_KEY),
        },
      ],
    };
  }
}
