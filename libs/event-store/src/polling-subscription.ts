import { FeedOptions, Subscription } from './event-store.port';

/**
 * Catch-up-then-live delivery for a store that can only be read by position: read pages after
 * the last delivered position; when a page comes back short, wait for a wake-up (an append in
 * this process) or the poll interval (an append by another process), then read again.
 * Because each read starts after the last delivered position, every event is delivered
 * exactly once, in order, across the switch from catch-up to live.
 */
export const pollingSubscription = <T>(
  /** Up to `limit` events after `fromPosition` (all when it is absent), in position order. */
  readAll: (options: { fromPosition?: bigint; limit: number }) => Promise<readonly T[]>,
  positionOf: (event: T) => bigint,
  appends: {
    /** How many commits this process has made so far: a change means there may be more to read. */
    count(): number;
    /** Resolves on the next commit in this process, after `timeoutMs`, or when aborted. */
    wait(timeoutMs: number, signal: AbortSignal): Promise<void>;
  },
  options: FeedOptions<T>,
  tuning: { pageSize: number; pollIntervalMs: number },
): Subscription => {
  const abort = new AbortController();
  let position = options.fromPosition;

  const run = async (): Promise<void> => {
    // True once onCaughtUp has been told about everything delivered so far.
    let reported = false;
    while (!abort.signal.aborted) {
      const before = appends.count();
      const page = await readAll({ fromPosition: position, limit: tuning.pageSize });
      for (const event of page) {
        if (abort.signal.aborted) return;
        await options.onEvent(event);
        position = positionOf(event);
        reported = false;
      }
      if (page.length < tuning.pageSize) {
        if (!reported) {
          await options.onCaughtUp?.(position);
          reported = true;
        }
        // Read again at once if this process committed since the read began (its wake-up went
        // to nobody while the page was being delivered); otherwise sleep until it does, or for
        // the poll interval (commits by other processes). Nothing is awaited between the check
        // and the wait, so no wake-up can fall between them.
        if (appends.count() !== before) continue;
        if (abort.signal.aborted) return;
        await appends.wait(tuning.pollIntervalMs, abort.signal);
      }
    }
  };

  const done = run().catch((error: unknown) => {
    options.onError?.(error);
    throw error;
  });
  // The caller may only watch onError; keep an unobserved rejection from crashing the process.
  done.catch(() => undefined);
  return {
    done,
    close: async () => {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
};
