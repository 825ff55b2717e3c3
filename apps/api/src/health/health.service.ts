import { Inject, Injectable } from '@nestjs/common';
import { countEventsAfter, EVENT_STORE, EventStore } from '@policy/event-store';
import { Projector, RuleReadModel } from '@policy/projections';
import { Startup } from '../startup/startup.service';
import { STORE_DESCRIPTION } from '../startup/store-description';

export interface ComponentHealth {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

/**
 * Readiness of the parts the service needs: the store answers, and the projector has caught
 * up and is not failing. Other parts (the Kafka relay) register their own check as
 * non-critical: a broker outage degrades the service (the backlog waits) but it still takes
 * writes and answers reads, so it must not be taken out of a load balancer for it.
 */
@Injectable()
export class HealthService {
  private readonly checks = new Map<string, { check: () => Promise<ComponentHealth>; critical: boolean }>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STORE_DESCRIPTION) private readonly storeDescription: string,
    private readonly projector: Projector,
    private readonly readModel: RuleReadModel,
    private readonly startup: Startup,
  ) {
    // Before the store has answered once, asking it would wait for its start-up probe.
    this.register('store', async () =>
      this.startup.storeOpen()
        ? { ok: true, headPosition: toNumber(await this.store.headPosition()) }
        : { ok: false, connecting: true, store: this.storeDescription },
    );
    this.register('projector', async () => {
      const status = this.projector.status();
      if (!this.startup.storeOpen()) return { ok: false, running: false, caughtUp: false };
      // Events, counted: on KurrentDB positions are byte offsets, so their difference is not.
      const lag = await countEventsAfter(this.store, status.position);
      // /health is public: say that the projector is failing, not what the log holds (see the service log).
      const { lastError, storageFailure, ...shown } = status;
      return {
        ok: status.running && status.caughtUp && !lastError,
        ...shown,
        failing: lastError !== undefined,
        position: toNumber(status.position),
        committed: toNumber(status.committed),
        lagEvents: lag.events,
        // Lists and screenings read SQLite alone (slower, same answers) until it is `ready`.
        memoryIndex: this.readModel.indexState(),
        ...(lag.capped ? { lagEventsAtLeast: true } : {}),
        ...(storageFailure ? { storage: { failing: true, since: storageFailure.since, attempts: storageFailure.attempts } } : {}),
      };
    });
  }

  register(name: string, check: () => Promise<ComponentHealth>, options: { critical?: boolean } = {}): void {
    this.checks.set(name, { check, critical: options.critical ?? true });
  }

  /** `ok`: all well; `degraded`: a non-critical part failing; `unavailable`: a critical one. */
  async report(): Promise<{ status: 'ok' | 'degraded' | 'unavailable'; components: Record<string, ComponentHealth> }> {
    const components: Record<string, ComponentHealth> = {};
    let status: 'ok' | 'degraded' | 'unavailable' = 'ok';
    for (const [name, { check, critical }] of this.checks) {
      try {
        components[name] = await check();
      } catch (error) {
        components[name] = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      if (!components[name].ok) status = critical ? 'unavailable' : status === 'ok' ? 'degraded' : status;
    }
    return { status, components };
  }
}

const toNumber = (value: bigint | undefined): number | null => (value === undefined ? null : Number(value));
