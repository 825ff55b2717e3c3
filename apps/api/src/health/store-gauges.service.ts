import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { Projector } from '@policy/projections';
import { Metrics } from '../observability/metrics';

/** How far the log and the read model are: their gap is the read model's lag. */
@Injectable()
export class StoreGauges implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('policy_store_head_position', 'global position of the last event in the log', async () =>
      Number((await this.store.headPosition()) ?? 0n),
    );
    this.metrics.gauge('policy_projector_position', 'last position folded into the read model', () =>
      Number(this.projector.status().position ?? 0n),
    );
    this.metrics.gauge('policy_projector_lag_events', 'events in the log not yet folded into the read model', async () =>
      Number(((await this.store.headPosition()) ?? 0n) - (this.projector.status().position ?? 0n)),
    );
  }
}
