import { PositionWaiters } from '@policy/common';
import { EventStore, RecordedEvent, Subscription } from '@policy/event-store';
import { recoverFailedCommits } from './commit-recovery';
import { applyFeedEvent } from './feed-event';
import { ProjectorLogger, ProjectorStatus, RebuildReport, StorageFailure } from './projector.types';
import { rebuildBesideLive } from './projector-rebuild';
import { BuildProgress, buildReadModel } from './read-model-builder';
import { RuleReadModel } from './rule-read-model';

export type { ProjectorLogger, ProjectorStatus, RebuildReport, StorageFailure } from './projector.types';

/** Events per read-model transaction while catching up: large enough to amortise the commit. */
const BATCH = 2000;

/**
 * How long applied events may wait for their commit once the feed is drained. Waiters do not
 * wait for it (see `visible`), so under a steady stream of writes one commit covers many of
 * them instead of one per group commit of the log.
 */
const COMMIT_DELAY_MS = 50;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The projector's infrastructure: subscribes to the store's global feed from the read
 * model's checkpoint and feeds each rule event to the read model, committing in batches and
 * whenever the feed is drained. Callers may wait for a position (read-your-writes). If the
 * feed or the read model fails, it rolls back the open batch and resubscribes from the last
 * commit after a back-off, so nothing is skipped.
 *
 * It also owns rebuilds: at start, a read model that is missing, unreadable or of another
 * projection version is built from the log before the feed starts; `rebuild()` builds a new
 * one beside the live one while the live one keeps answering and following the log, then
 * pauses the feed for the last few events, swaps the files and resumes.
 */
export class Projector {
  private subscription?: Subscription;
  private committed: bigint | undefined;
  private applied: bigint | undefined;
  /**
   * Last position queries can see. Queries run on the read model's own connection, which sees
   * its open transaction, so an applied event is visible before it is committed; a commit only
   * makes it survive a restart (and a crash before it costs a re-read of the log, nothing else).
   */
  private visible: bigint | undefined;
  private uncommitted = 0;
  private commitTimer?: NodeJS.Timeout;
  /** A failed delayed commit whose recovery is under way. */
  private failing?: Promise<void>;
  /** The feed is down for a rebuild's swap; failures then leave restarting it to the rebuild. */
  private paused = false;
  private caughtUp = false;
  private stopped = true;
  private lastError?: string;
  private retryTimer?: NodeJS.Timeout;
  private readonly waiters = new PositionWaiters();
  private caughtUpWaiters: (() => void)[] = [];
  private rebuilding?: { reason: string; progress: BuildProgress; done: Promise<RebuildReport> };
  private storageFailure?: StorageFailure;
  private recoveryAbort = new AbortController();

  constructor(
    private readonly store: EventStore,
    private readonly readModel: RuleReadModel,
    private readonly logger: ProjectorLogger,
    private readonly options: { rebuildPageSize?: number } = {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const problem = this.readModel.unusable();
    if (problem === undefined) {
      this.subscribe(1);
      return;
    }
    this.rebuildAtStart(problem, 1);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.recoveryAbort.abort();
    await this.stopFeed();
  }

  status(): ProjectorStatus {
    const rebuilding = this.rebuilding && {
      reason: this.rebuilding.reason,
      events: this.rebuilding.progress.events,
      // A number, not a bigint: the status goes out as JSON on /health.
      position: this.rebuilding.progress.position === undefined ? null : Number(this.rebuilding.progress.position),
    };
    return {
      running: !this.stopped,
      caughtUp: this.caughtUp,
      position: this.visible,
      committed: this.committed,
      lastError: this.lastError,
      ...(rebuilding ? { rebuilding } : {}),
      ...(this.storageFailure ? { storageFailure: this.storageFailure } : {}),
    };
  }

  /** Resolves once queries can see `position` (true), or false after the timeout. */
  waitFor(position: bigint, timeoutMs = 5000): Promise<boolean> {
    return this.waiters.wait(position, this.visible, timeoutMs);
  }

  /** Resolves once the projector has drained the log at least once since it started. */
  waitUntilCaughtUp(): Promise<void> {
    return this.caughtUp ? Promise.resolve() : new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  /**
   * Rebuilds the read model from the log without stopping queries: a new file is filled
   * beside the live one (which keeps answering and following the log), then the feed pauses
   * while the new file takes the last events, the files are swapped, and the feed resumes on
   * the new one. One rebuild at a time; a second call joins the first.
   */
  rebuild(reason = 'requested'): Promise<RebuildReport> {
    if (this.rebuilding) return this.rebuilding.done;
    const target = this.readModel.siblingPath();
    const state = {
      reason,
      progress: { events: 0, position: undefined, elapsedMs: 0 } as BuildProgress,
      done: undefined! as Promise<RebuildReport>,
    };
    this.rebuilding = state;
    const onProgress = (progress: BuildProgress) => (state.progress = progress);
    state.done = rebuildBesideLive({
      store: this.store,
      readModel: this.readModel,
      logger: this.logger,
      pageSize: this.options.rebuildPageSize,
      pause: () => this.pause(),
      stopped: () => this.stopped,
      reason,
      target,
      onProgress,
    }).finally(() => (this.rebuilding = undefined));
    return state.done;
  }

  /** Stops the feed at a commit boundary; the returned function starts it again. */
  private async pause(): Promise<() => void> {
    this.paused = true;
    this.recoveryAbort.abort();
    this.recoveryAbort = new AbortController();
    await this.stopFeed();
    return () => {
      this.paused = false;
      if (!this.stopped) this.subscribe(1);
    };
  }

  /** Ends the feed at a commit boundary: what was applied is committed, or rolled back if that fails. */
  private async stopFeed(): Promise<void> {
    clearTimeout(this.retryTimer);
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    await this.subscription?.close();
    this.subscription = undefined;
    // A failed delayed commit being handled: let it finish first.
    await this.failing;
    try {
      this.flush();
    } catch (error) {
      this.rollBack(error);
      this.logger.error(
        `the read model could not commit on stopping its feed: ${this.lastError}; the events will be applied again from position ${this.committed ?? 'start'}`,
      );
    }
  }

  private rebuildAtStart(problem: string, attempt: number): void {
    const target = this.readModel.siblingPath();
    const reason = `the read model is ${problem}`;
    const state = { reason, progress: { events: 0, position: undefined, elapsedMs: 0 } as BuildProgress } as NonNullable<
      Projector['rebuilding']
    >;
    this.rebuilding = state;
    this.logger.log(`${reason}: building it from the log before following the feed`);
    state.done = (async () => {
      try {
        const report = await buildReadModel(this.store, target, {
          yieldBetweenPages: true,
          pageSize: this.options.rebuildPageSize,
          onProgress: (progress) => {
            state.progress = progress;
            this.logger.log(`building the read model: ${progress.events} events so far, at position ${progress.position ?? 'start'}`);
          },
        });
        if (this.stopped) throw new Error('the projector was stopped');
        this.readModel.adopt(target);
        this.logger.log(`read model built: ${report.events} events in ${report.elapsedMs} ms`);
        this.rebuilding = undefined;
        this.subscribe(1);
        return { reason, ...report };
      } catch (error) {
        this.rebuilding = undefined;
        this.lastError = error instanceof Error ? error.message : String(error);
        if (!this.stopped) {
          const delay = Math.min(30_000, 100 * 2 ** Math.min(attempt, 9));
          // One line per attempt; the stack only the first time, as it is the same every time.
          this.logger.error(
            `building the read model failed: ${this.lastError}; retrying in ${delay} ms`,
            attempt === 1 && error instanceof Error ? error.stack : undefined,
          );
          this.retryTimer = setTimeout(() => this.rebuildAtStart(problem, attempt + 1), delay);
        }
        throw error;
      }
    })();
    state.done.catch(() => undefined);
  }

  /**
   * Drops what was applied but not committed. Waiters already told about those events (they are
   * visible before their commit) do not see them until the feed applies them again from the
   * log, a back-off later: the price of not committing per write.
   */
  private rollBack(error: unknown): void {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    this.readModel.rollback();
    this.uncommitted = 0;
    this.applied = this.committed;
    this.visible = this.committed;
    this.lastError = error instanceof Error ? error.message : String(error);
  }

  private subscribe(attempt: number): void {
    // One feed at a time: a retry scheduled by a failure that raced a pause must not add one.
    clearTimeout(this.retryTimer);
    if (this.subscription) return;
    this.committed = this.readModel.checkpoint();
    this.applied = this.committed;
    this.visible = this.committed;
    // Rolls back what was not committed and subscribes again from the last commit, later.
    const fail = (error: unknown) => {
      this.rollBack(error);
      if (this.subscription === subscription) this.subscription = undefined;
      if (this.stopped || this.paused) return;
      const delay = Math.min(30_000, 100 * 2 ** Math.min(attempt, 9));
      this.logger.error(
        `projector stopped at position ${this.committed ?? 'start'}: ${this.lastError}; retrying in ${delay} ms`,
        attempt === 1 && error instanceof Error ? error.stack : undefined,
      );
      this.retryTimer = setTimeout(() => this.subscribe(attempt + 1), delay);
    };
    const subscription = this.store.subscribe({
      fromPosition: this.committed,
      onEvent: (event) => this.onEvent(event),
      onCaughtUp: () => {
        this.reveal();
        this.commitTimer ??= setTimeout(() => {
          this.commitTimer = undefined;
          try {
            this.flush();
          } catch (error) {
            // A commit that fails here (disk full, say) is no feed error the subscription
            // would see: end the feed and hold what readers were shown until commits work again.
            this.failing = this.holdThroughFailedCommits(error, subscription, fail).finally(() => (this.failing = undefined));
          }
        }, COMMIT_DELAY_MS).unref();
        this.caughtUp = true;
        this.lastError = undefined;
        attempt = 1;
        for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
      },
      onError: fail,
    });
    this.subscription = subscription;
  }

  /**
   * After a failed commit: the feed is closed (so nothing new joins the open transaction), the
   * uncommitted events are applied again from the log and kept visible, and the commit is
   * retried after growing pauses (`recoverFailedCommits`). Once it succeeds the feed resumes. If
   * even the re-application fails, the events are dropped and applied again from the log later,
   * as after a failed feed (`fail`).
   */
  private async holdThroughFailedCommits(error: unknown, subscription: Subscription, fail: (error: unknown) => void): Promise<void> {
    await subscription.close();
    if (this.subscription !== subscription) return;
    this.subscription = undefined;
    const signal = this.recoveryAbort.signal;
    try {
      const recovered = await recoverFailedCommits({
        error,
        reapply: () => this.reapplyUncommitted(),
        commit: () => this.flush(),
        onFailing: (failure) => (this.storageFailure = failure),
        cancelled: () => this.stopped || this.paused || signal.aborted,
        signal,
        logger: this.logger,
        now: () => new Date(),
      });
      this.storageFailure = undefined;
      if (recovered && !this.stopped && !this.paused) this.subscribe(1);
    } catch (reapplyError) {
      this.storageFailure = undefined;
      fail(reapplyError);
    }
  }

  /**
   * Applies the events after the last commit again, in a new transaction, up to the log's end:
   * those queries were shown, and those of writes appended while the commit was failing, whose
   * writers wait to see them.
   */
  private async reapplyUncommitted(): Promise<void> {
    this.readModel.rollback();
    this.uncommitted = 0;
    this.applied = this.committed;
    for (;;) {
      const page = await this.store.readAll({ fromPosition: this.applied, limit: BATCH });
      for (const event of page) this.applyOne(event);
      if (page.length < BATCH) break;
    }
    this.reveal();
  }

  private applyOne(event: RecordedEvent): void {
    applyFeedEvent(this.readModel, event, this.logger);
    this.applied = event.position;
    this.uncommitted++;
  }

  private onEvent(event: RecordedEvent): void | Promise<void> {
    this.applyOne(event);
    if (this.uncommitted < BATCH) return;
    this.flush();
    // A long catch-up would otherwise run start to end in microtasks and starve every request.
    return nextTurn();
  }

  private flush(): void {
    this.readModel.commit();
    this.uncommitted = 0;
    this.committed = this.applied;
    this.reveal();
  }

  /** Wakes the waiters for positions applied so far. */
  private reveal(): void {
    this.visible = this.applied;
    this.waiters.reach(this.visible);
  }
}
