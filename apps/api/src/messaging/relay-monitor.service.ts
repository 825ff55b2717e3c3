import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { DEFAULT_RELAY_CHECKPOINT, KafkaRelay, relayLag } from '@policy/messaging';
import { HealthService } from '../health/health.service';
import { Metrics } from '../observability/metrics';

const LAG_EVENTS = ['policy_publisher_lag_events', 'events in the log not yet acknowledged by Kafka'] as const;
const LAG_SECONDS = ['policy_publisher_lag_seconds', 'age of the oldest event not yet acknowledged by Kafka'] as const;

/**
 * Starts the embedded relay when there is one and reports on it; otherwise reports on a separate
 * publisher process. Either way health and metrics show how far Kafka is behind the log.
 * The relay is stopped by the application's shutdown, in its order.
 */
@Injectable()
export class RelayMonitor implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthService,
    private readonly metrics: Metrics,
    @Optional() private readonly relay?: KafkaRelay,
  ) {}

  onModuleInit(): void {
    if (this.relay) this.startRelay(this.relay);
    else this.watchSeparatePublisher();
  }

  private startRelay(relay: KafkaRelay): void {
    relay.start();
    this.health.register(
      'kafka',
      async () => {
        const status = relay.status();
        // A relay standing by while another holds the lease is as it should be.
        const standingBy = status.lease !== undefined && !status.lease.leader;
        return {
          ok: status.running && (standingBy || (status.connected && !status.lastError)),
          ...status,
          checkpoint: status.checkpoint === undefined ? null : Number(status.checkpoint),
          lag: await relay.lag(),
        };
      },
      { critical: false },
    );
    this.metrics.gauge(...LAG_EVENTS, async () => (await relay.lag()).events);
    this.metrics.gauge(...LAG_SECONDS, async () => (await relay.lag()).seconds);
  }

  /**
   * Beside a separate publisher process, its lag is still visible here, from the checkpoint it
   * keeps in the store. Informational: the api does not depend on it, so it never fails health.
   */
  private watchSeparatePublisher(): void {
    const lag = async () =>
      (await this.store.checkpoints.load(DEFAULT_RELAY_CHECKPOINT)) === undefined ? undefined : relayLag(this.store);
    this.health.register('publisher', async () => ({ ok: true, embedded: false, lag: (await lag()) ?? null }), { critical: false });
    this.metrics.gauge(...LAG_EVENTS, async () => (await lag())?.events ?? 0);
    this.metrics.gauge(...LAG_SECONDS, async () => (await lag())?.seconds ?? 0);
  }
}
