import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { KafkaRelay, topicSettingsFrom } from '@policy/messaging';
import { Config } from '../config/config';
import { HealthModule } from '../health/health.module';
import { RelayMonitor } from './relay-monitor.service';
import { SchemasController } from './schemas.controller';

/** The Kafka side: the published message contracts, and the relay when this process runs it. */
@Module({})
export class MessagingModule {
  static forRoot(config: Config): DynamicModule {
    // With KAFKA_BROKERS the api relays the log to Kafka itself (one process); set it on the
    // api or on a separate publisher, not both, or every event goes out twice.
    const brokers = config.KAFKA_BROKERS;
    const relay: Provider[] = brokers
      ? [
          {
            provide: KafkaRelay,
            inject: [EVENT_STORE],
            useFactory: (store: EventStore) =>
              new KafkaRelay({
                store,
                kafka: { brokers, clientId: 'policy-ledger-api' },
                logger: new Logger('KafkaRelay'),
                topicSettings: topicSettingsFrom(config),
              }),
          },
        ]
      : [];
    return {
      module: MessagingModule,
      imports: [HealthModule],
      controllers: [SchemasController],
      providers: [...relay, RelayMonitor],
      exports: relay.length > 0 ? [KafkaRelay] : [],
    };
  }
}
