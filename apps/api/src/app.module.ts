import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { DEFAULT_RELAY_CHECKPOINT, KafkaRelay, relayLag, topicSettingsFrom } from '@policy/messaging';
import { Projector, RuleReadModel, RuleSnapshots } from '@policy/projections';
import { join } from 'node:path';
import { ApiKeyStore } from './auth/api-key.store';
import { AuthGuard } from './auth/auth.guard';
import { Config, CONFIG } from './config/config';
import { DocsController } from './docs/docs.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { SchemasController } from './messaging/schemas.controller';
import { Metrics } from './health/metrics';
import { AmendRuleHandler } from './rules/amend-rule/amend-rule.handler';
import { ApproveRuleHandler } from './rules/approve-rule/approve-rule.handler';
import { ChangesController } from './rules/changes.controller';
import { GetRuleHandler } from './rules/get-rule/get-rule.handler';
import { GetRuleHistoryHandler } from './rules/get-rule-history/get-rule-history.handler';
import { ListChangesHandler } from './rules/list-changes/list-changes.handler';
import { ListRulesHandler } from './rules/list-rules/list-rules.handler';
import { PauseRuleHandler } from './rules/pause-rule/pause-rule.handler';
import { ProposeRuleHandler } from './rules/propose-rule/propose-rule.handler';
import { RescindRuleHandler } from './rules/rescind-rule/rescind-rule.handler';
import { RuleCommandService } from './rules/rule-command.service';
import { RuleStateCache } from './rules/rule-state-cache';
import { RulesController } from './rules/rules.controller';
import { CLOCK, systemClock } from './store/clock';
import { createEventStore } from './store/event-store.provider';

const handlers = [
  ProposeRuleHandler,
  PauseRuleHandler,
  ApproveRuleHandler,
  RescindRuleHandler,
  AmendRuleHandler,
  GetRuleHandler,
  ListRulesHandler,
  GetRuleHistoryHandler,
  ListChangesHandler,
];

/** Owns the stateful parts' lifecycle: the projector starts with the app and everything closes with it. */
@Module({})
export class AppModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: RuleReadModel,
    private readonly projector: Projector,
    private readonly keys: ApiKeyStore,
    private readonly metrics: Metrics,
    private readonly health: HealthService,
    @Optional() private readonly relay?: KafkaRelay,
  ) {}

  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [RulesController, ChangesController, EventsController, HealthController, DocsController, SchemasController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        { provide: RuleReadModel, useFactory: () => new RuleReadModel(join(config.POLICY_DATA_DIR, 'read-model.sqlite')) },
        { provide: RuleSnapshots, useFactory: () => new RuleSnapshots(join(config.POLICY_DATA_DIR, 'snapshots.sqlite')) },
        {
          provide: Projector,
          inject: [EVENT_STORE, RuleReadModel],
          useFactory: (store: EventStore, readModel: RuleReadModel) => new Projector(store, readModel, new Logger('Projector')),
        },
        { provide: ApiKeyStore, useFactory: () => new ApiKeyStore(config.POLICY_DATA_DIR, config.POLICY_ADMIN_KEY) },
        { provide: APP_GUARD, useClass: AuthGuard },
        // With KAFKA_BROKERS the api relays the log to Kafka itself (one process); set it on the
        // api or on a separate publisher, not both, or every event goes out twice.
        ...(config.KAFKA_BROKERS
          ? [
              {
                provide: KafkaRelay,
                inject: [EVENT_STORE],
                useFactory: (store: EventStore) =>
                  new KafkaRelay({
                    store,
                    kafka: { brokers: config.KAFKA_BROKERS!, clientId: 'policy-ledger-api' },
                    logger: new Logger('KafkaRelay'),
                    topicSettings: topicSettingsFrom(config),
                  }),
              },
            ]
          : []),
        Metrics,
        HealthService,
        RuleCommandService,
        { provide: RuleStateCache, useFactory: () => new RuleStateCache() },
        ...handlers,
      ],
      exports: [EVENT_STORE, Projector, HealthService, Metrics],
    };
  }

  onModuleInit(): void {
    this.projector.start();
    if (this.relay) this.startRelay(this.relay);
    else this.watchSeparatePublisher();
    this.metrics.gauge('policy_store_head_position', 'global position of the last event in the log', async () =>
      Number((await this.store.headPosition()) ?? 0n),
    );
    this.metrics.gauge('policy_projector_position', 'last position folded into the read model', () =>
      Number(this.projector.status().position ?? 0n),
    );
  }

  private startRelay(relay: KafkaRelay): void {
    relay.start();
    this.health.register('kafka', async () => {
      const status = relay.status();
      return {
        ok: status.running && status.connected && !status.lastError,
        ...status,
        checkpoint: status.checkpoint === undefined ? null : Number(status.checkpoint),
        lag: await relay.lag(),
      };
    }, { critical: false });
    this.metrics.gauge('policy_publisher_lag_events', 'events in the log not yet acknowledged by Kafka', async () => (await relay.lag()).events);
    this.metrics.gauge('policy_publisher_lag_seconds', 'age of the oldest event not yet acknowledged by Kafka', async () => (await relay.lag()).seconds);
  }

  /**
   * Beside a separate publisher process, its lag is still visible here, from the checkpoint it
   * keeps in the store. Informational: the api does not depend on it, so it never fails health.
   */
  private watchSeparatePublisher(): void {
    const lag = async () =>
      (await this.store.checkpoints.load(DEFAULT_RELAY_CHECKPOINT)) === undefined ? undefined : relayLag(this.store);
    this.health.register('publisher', async () => ({ ok: true, embedded: false, lag: (await lag()) ?? null }), { critical: false });
    this.metrics.gauge('policy_publisher_lag_events', 'events in the log not yet acknowledged by Kafka', async () => (await lag())?.events ?? 0);
    this.metrics.gauge('policy_publisher_lag_seconds', 'age of the oldest event not yet acknowledged by Kafka', async () => (await lag())?.seconds ?? 0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.projector.stop();
    this.readModel.close();
    this.keys.close();
    await this.store.close();
  }
}
