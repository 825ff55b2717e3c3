import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { KafkaRelay } from '@policy/messaging';
import { Projector, RuleReadModel, ScreeningProjector, ScreeningView } from '@policy/projections';
import { ApiKeyStore } from './auth/api-key.store';
import { LedgerService } from './ledger/ledger.service';

/**
 * Closes the stateful parts in one explicit order, after the HTTP server has stopped: the
 * readers of the log first (the relay, the projectors, the ledger), then
 * the files they wrote, the log last. Nest would close modules by their import depth, which is
 * not an order anyone chose, so it is written here.
 */
@Injectable()
export class AppShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: RuleReadModel,
    private readonly projector: Projector,
    private readonly screening: ScreeningProjector,
    private readonly screeningView: ScreeningView,
    private readonly keys: ApiKeyStore,
    @Optional() private readonly relay?: KafkaRelay,
    @Optional() private readonly ledger?: LedgerService,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.projector.stop();
    await this.screening.stop();
    // Before the log closes: a ledger still following it would report the closed log as a failure.
    await this.ledger?.stop();
    this.readModel.close();
    this.screeningView.close();
    this.keys.close();
    await this.store.close();
  }
}
