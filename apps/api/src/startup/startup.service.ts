import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { ServiceUnavailableError } from '@policy/domain';
import { countEventsAfter, EVENT_STORE, EventStore } from '@policy/event-store';
import { Projector, ScreeningProjector } from '@policy/projections';
import { LedgerService } from '../ledger/ledger.service';
import { STORE_DESCRIPTION } from './store-description';

/**
 * Where the service is on its way to serving: reaching the store, building the read model
 * from the log (a first start, or a new projection version after an upgrade), catching up
 * with the log, ready — or failed for good (the store never answered), when the process exits.
 */
export type StartupPhase = 'connecting-store' | 'building-read-model' | 'catching-up' | 'ready' | 'failed';

export interface StartupProgress {
  readonly phase: StartupPhase;
  readonly store: string;
  /** Events folded into the read model so far (during a build, into the new file). */
  readonly events?: number;
  readonly position?: number | null;
  /** Events of the log still to fold; `lagEventsAtLeast` when the count stopped at its cap. */
  readonly lagEvents?: number;
  readonly lagEventsAtLeast?: boolean;
  readonly error?: string;
}

/** Seconds a client is told to wait while the service starts. */
const STARTING_RETRY_AFTER_SECONDS = 2;

/**
 * The start-up sequence, run after the api already listens: open the store (KurrentDB is
 * probed until it answers, or until its start timeout), start the projectors, wait until the
 * read model has caught up with the log. Until then `/health/ready` answers 503 with the
 * progress, and every other route but `/health*` answers 503 `starting` (see startup-gate).
 */
@Injectable()
export class Startup implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Startup');
  private phase: StartupPhase = 'connecting-store';
  private failure?: Error;
  private done?: Promise<void>;
  private shuttingDown = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STORE_DESCRIPTION) private readonly storeDescription: string,
    private readonly projector: Projector,
    private readonly screening: ScreeningProjector,
    @Optional() private readonly ledger?: LedgerService,
  ) {}

  onModuleInit(): void {
    void this.whenReady().catch(() => undefined);
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  /** Resolves once ready; rejects if the store never answered (the process should then exit). */
  whenReady(): Promise<void> {
    this.done ??= this.run();
    return this.done;
  }

  isReady(): boolean {
    return this.phase === 'ready';
  }

  /** True once the store has answered: health checks may then ask it without waiting for the probe. */
  storeOpen(): boolean {
    return this.phase !== 'connecting-store' && this.phase !== 'failed';
  }

  async progress(): Promise<StartupProgress> {
    const base = { phase: this.phase, store: this.storeDescription };
    if (this.phase === 'failed') return { ...base, error: this.failure?.message };
    if (this.phase === 'connecting-store' || this.phase === 'ready') return base;
    const status = this.projector.status();
    if (status.rebuilding) {
      return { ...base, phase: 'building-read-model', events: status.rebuilding.events, position: status.rebuilding.position };
    }
    const lag = await countEventsAfter(this.store, status.position);
    return {
      ...base,
      position: status.position === undefined ? null : Number(status.position),
      lagEvents: lag.events,
      ...(lag.capped ? { lagEventsAtLeast: true } : {}),
    };
  }

  /** What a request gets while the service is not ready yet. */
  notReady(): ServiceUnavailableError {
    const what =
      this.phase === 'connecting-store'
        ? `waiting for the event store (${this.storeDescription})`
        : this.phase === 'failed'
          ? `the event store (${this.storeDescription}) never answered; the service is stopping`
          : 'building the read model from the log';
    return new ServiceUnavailableError(
      'starting',
      `the service is starting: ${what}; see GET /health/ready`,
      STARTING_RETRY_AFTER_SECONDS,
      {
        phase: this.phase,
      },
    );
  }

  private async run(): Promise<void> {
    try {
      await this.store.open?.();
    } catch (error) {
      this.phase = 'failed';
      this.failure = error instanceof Error ? error : new Error(String(error));
      throw this.failure;
    }
    // Closed while the store was being reached: the projectors were stopped already, or never ran.
    if (this.shuttingDown) return;
    this.phase = 'catching-up';
    this.projector.start();
    this.screening.start();
    const ledger = this.ledger?.start().catch((error: unknown) => {
      // Answers go on without receipts (null) rather than the service never becoming ready.
      this.logger.error(`the ledger could not catch up with the log: ${error instanceof Error ? error.message : String(error)}`);
    });
    await this.projector.waitUntilCaughtUp();
    await ledger;
    this.phase = 'ready';
    this.logger.log('ready: the read model has caught up with the log');
  }
}
