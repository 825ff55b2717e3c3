/**
 * Callers waiting until a follower of the log (a projector) has reached a position, so that what
 * they wrote there is visible to their next query. Each is woken once the follower says it got
 * that far, or told false after its timeout; the follower decides what "reached" means to it.
 */
export class PositionWaiters {
  private waiting: { position: bigint; wake: () => void }[] = [];

  /** Resolves true once `reach` passes `position` (at once if `current` has), false after `timeoutMs`. */
  wait(position: bigint, current: bigint | undefined, timeoutMs: number): Promise<boolean> {
    if (current !== undefined && current >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, wake: () => (clearTimeout(timer), resolve(true)) };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiting.push(waiter);
    });
  }

  /** Wakes every caller waiting for a position up to `at` (none while the follower has reached nothing). */
  reach(at: bigint | undefined): void {
    if (at === undefined) return;
    const done = this.waiting.filter((w) => w.position <= at);
    if (done.length === 0) return;
    this.waiting = this.waiting.filter((w) => w.position > at);
    for (const waiter of done) waiter.wake();
  }
}
