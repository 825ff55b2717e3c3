import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { DEFAULT_RELAY_CHECKPOINT, KafkaRelay, openLeaseStore, RelayLease, topicSettingsFrom } from '@policy/messaging';
import { Config } from '../config/config';
import { HealthModule } from '../health/health.module';
import { RelayMonitor } from './relay-monitor.service';
import { SchemasController } from './schemas.controller';

/** The Kafka side: the published message contracts, and the relay when this process runs it. */
@Module({})
export class MessagingModule {
  static forRoot(config: Config): DynamicModule {
    // With KAFKA_BROKERS the api relays the log to Kafka itself, under the relay lease, so beside
    // a separate publisher one of them publishes and the other stands by.
    const brokers = config.KAFKA_BROKERS;
    const relay: Provider[] = brokers
      ? [
          {
            provide: KafkaRelay,
            inject: [EVENT_STORE],
            useFactory: (store: EventStore) =>
              new KafkaRelay({
                store,
                // Beside publishers (or other apis) with KAFKA_BROKERS, only the lease's holder publishes.
                lease: new RelayLease({
                  store: openLeaseStore(config.EVENT_STORE, config.POLICY_DATA_DIR, store),
                  name: DEFAULT_RELAY_CHECKPOINT,
                  leaseMs: config.KAFKA_RELAY_LEASE_MS,
                  logger: new Logger('RelayLease'),
                }),
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
