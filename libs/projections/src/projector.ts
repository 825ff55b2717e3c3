import { RULE_STREAM_PREFIX, toEnvelope } from '@policy/domain';
import { EventStore, RecordedEvent, Subscription } from '@policy/event-store';
import { RuleReadModel } from './rule-read-model';

export interface ProjectorLogger {
  log(message: string): void;
  error(message: string, trace?: string): void;
}

export interface ProjectorStatus {
  readonly running: boolean;
  readonly caughtUp: boolean;
  /** Last position folded into the read model and committed. */
  readonly position: bigint | undefined;
  readonly lastError?: string;
}

/** Events per read-model transaction while catching up: large enough to amortise the commit. */
const BATCH = 2000;

/**
 * The projector's infrastructure: subscribes to the store's global feed from the read
 * model's checkpoint and feeds each rule event to the read model, committing in batches and
 * whenever the feed is drained. Callers may wait for a position (read-your-writes). If the
 * feed or the read model fails, it rolls back the open batch and resubscribes from the last
 * commit after a back-off, so nothing is skipped.
 */
export class Projector {
  private subscription?: Subscription;
  private committed: bigint | undefined;
  private applied: bigint | undefined;
  private uncommitted = 0;
  private caughtUp = false;
  private stopped = true;
  private lastError?: string;
  private retryTimer?: NodeJS.Timeout;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private caughtUpWaiters: (() => void)[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly readModel: RuleReadModel,
    private readonly logger: ProjectorLogger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.subscribe(1);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.close();
    this.flush();
  }

  status(): ProjectorStatus {
    return { running: !this.stopped, caughtUp: this.caughtUp, position: this.committed, lastError: this.lastError };
  }

  /** Resolves once the read model has committed `position` (true), or false after the timeout. */
  waitFor(position: bigint, timeoutMs = 5000): Promise<boolean> {
    if (this.committed !== undefined && this.committed >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve: () => (clearTimeout(timer), resolve(true)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves once the projector has drained the log at least once since it started. */
  waitUntilCaughtUp(): Promise<void> {
    return this.caughtUp ? Promise.resolve() : new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  private subscribe(attempt: number): void {
    this.committed = this.readModel.checkpoint();
    this.applied = this.committed;
    this.subscription = this.store.subscribe({
      fromPosition: this.committed,
      onEvent: (event) => this.onEvent(event),
      onCaughtUp: () => {
        this.flush();
        this.caughtUp = true;
        this.lastError = undefined;
        attempt = 1;
        for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
      },
      onError: (error) => {
        this.readModel.rollback();
        this.uncommitted = 0;
        this.lastError = error instanceof Error ? error.message : String(error);
        if (this.stopped) return;
        const delay = Math.min(30_000, 100 * 2 ** Math.min(attempt, 9));
        this.logger.error(
          `projector stopped at position ${this.committed ?? 'start'}: ${this.lastError}; retrying in ${delay} ms`,
          error instanceof Error ? error.stack : undefined,
        );
        this.retryTimer = setTimeout(() => this.subscribe(attempt + 1), delay);
      },
    });
  }

  private onEvent(event: RecordedEvent): void {
    if (event.streamId.startsWith(RULE_STREAM_PREFIX)) this.readModel.apply(toEnvelope(event));
    else this.readModel.skip(event.position);
    this.applied = event.position;
    if (++this.uncommitted >= BATCH) this.flush();
  }

  private flush(): void {
    this.readModel.commit();
    this.uncommitted = 0;
    this.committed = this.applied;
    if (this.committed === undefined) return;
    const done = this.waiters.filter((w) => w.position <= this.committed!);
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.position > this.committed!);
    for (const waiter of done) waiter.resolve();
  }
}
