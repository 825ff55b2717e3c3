import { backoffDelay, PositionWaiters } from '@policy/common';
import { EventStore, RecordedEvent, Subscription } from '@policy/event-store';
import { ProjectorLogger } from '../projector';
import { ScreeningView } from './screening-view';

/** Events per transaction while catching up. */
const BATCH = 5000;
const RETRY = { initialMs: 100, maxMs: 30_000 };

/**
 * Keeps the screening view (catalogue, recorded evaluations) in step with the log: subscribes
 * to the global feed from the view's checkpoint, commits per batch and whenever the feed is
 * drained, and on any failure rolls back the open batch and resubscribes from the last commit
 * after a back-off, so nothing is skipped. Callers wait for a position to read their writes.
 */
export class ScreeningProjector {
  private subscription?: Subscription;
  private stopped = true;
  private caughtUp = false;
  private uncommitted = 0;
  private retryTimer?: NodeJS.Timeout;
  private lastError?: string;
  private readonly waiters = new PositionWaiters();

  constructor(
    private readonly store: EventStore,
    private readonly view: ScreeningView,
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
    this.subscription = undefined;
    this.view.commit();
  }

  status(): { running: boolean; caughtUp: boolean; position: bigint | undefined; lastError?: string } {
    return {
      running: !this.stopped,
      caughtUp: this.caughtUp,
      position: this.view.checkpoint(),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Resolves true once the view has folded `position`, false after the timeout. */
  waitFor(position: bigint, timeoutMs = 5000): Promise<boolean> {
    return this.waiters.wait(position, this.view.checkpoint(), timeoutMs);
  }

  private subscribe(attempt: number): void {
    if (this.stopped) return;
    try {
      this.follow(attempt);
    } catch (error) {
      // A store that refuses to subscribe at all (closed, unreachable) is retried like a failed feed.
      this.retry(error, attempt);
    }
  }

  private follow(attempt: number): void {
    const subscription = this.store.subscribe({
      fromPosition: this.view.checkpoint(),
      onEvent: (event) => this.onEvent(event),
      onCaughtUp: () => {
        this.view.commit();
        this.uncommitted = 0;
        this.caughtUp = true;
        this.lastError = undefined;
        attempt = 1;
        this.reveal();
      },
      onError: (error) => {
        if (this.subscription !== subscription) return;
        this.subscription = undefined;
        this.retry(error, attempt);
      },
    });
    this.subscription = subscription;
  }

  /** Drops the open batch and follows the log again from the last commit, a back-off later. */
  private retry(error: unknown, attempt: number): void {
    this.view.rollback();
    this.uncommitted = 0;
    this.lastError = error instanceof Error ? error.message : String(error);
    const delay = backoffDelay(attempt, RETRY);
    this.logger.error(
      `screening view stopped at position ${this.view.checkpoint() ?? 'start'}: ${this.lastError}; retrying in ${delay} ms`,
    );
    this.retryTimer = setTimeout(() => this.subscribe(attempt + 1), delay);
  }

  private onEvent(event: RecordedEvent): void {
    this.view.apply(event);
    if (++this.uncommitted < BATCH) return;
    this.view.commit();
    this.uncommitted = 0;
    this.reveal();
  }

  private reveal(): void {
    this.waiters.reach(this.view.checkpoint());
  }
}
