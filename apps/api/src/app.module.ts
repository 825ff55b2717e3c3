import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppShutdown } from './app-shutdown.service';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { Config } from './config/config';
import { ConsoleModule } from './console/console.module';
import { DocsModule } from './docs/docs.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { LedgerModule } from './ledger/ledger.module';
import { MessagingModule } from './messaging/messaging.module';
import { ObservabilityModule } from './observability/observability.module';
import { ProjectionsModule } from './projections/projections.module';
import { RulesModule } from './rules/rules.module';
import { ScreeningModule } from './screening/screening.module';
import { EventStoreModule } from './store/event-store.module';

/** The whole service: its feature modules, and the order in which its stateful parts close. */
@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        ObservabilityModule,
        EventStoreModule.forRoot(config),
        ProjectionsModule.forRoot(config),
        LedgerModule.forRoot(config),
        AuthModule.forRoot(config),
        HealthModule,
        MessagingModule.forRoot(config),
        RulesModule,
        CatalogueModule,
        ScreeningModule,
        EventsModule.forRoot(config),
        DocsModule,
        ConsoleModule,
      ],
      providers: [AppShutdown],
    };
  }
}
