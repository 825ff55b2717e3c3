import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { Projector } from '@policy/projections';

export interface ComponentHealth {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

/**
 * Readiness of the parts the service needs: the store answers, and the projector has caught
 * up and is not failing. Other parts (the Kafka relay) register their own check.
 */
@Injectable()
export class HealthService {
  private readonly checks = new Map<string, () => Promise<ComponentHealth>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {
    this.register('store', async () => ({ ok: true, headPosition: toNumber(await this.store.headPosition()) }));
    this.register('projector', async () => {
      const status = this.projector.status();
      const head = await this.store.headPosition();
      const lagEvents = head === undefined ? 0 : Number(head - (status.position ?? 0n));
      return { ok: status.running && status.caughtUp && !status.lastError, ...status, position: toNumber(status.position), lagEvents };
    });
  }

  register(name: string, check: () => Promise<ComponentHealth>): void {
    this.checks.set(name, check);
  }

  async report(): Promise<{ status: 'ok' | 'unavailable'; components: Record<string, ComponentHealth> }> {
    const components: Record<string, ComponentHealth> = {};
    for (const [name, check] of this.checks) {
      try {
        components[name] = await check();
      } catch (error) {
        components[name] = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }
    return { status: Object.values(components).every((c) => c.ok) ? 'ok' : 'unavailable', components };
  }
}

const toNumber = (value: bigint | undefined): number | null => (value === undefined ? null : Number(value));
