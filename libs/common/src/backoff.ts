/**
 * Exponential back-off, capped: the delay before attempt `attempt` (1 for the first retry) is
 * `initialMs · 2^(attempt-1)`, at most `maxMs`. With `jitter`, a random share of it is taken
 * instead (from 0 to the whole delay), so many losers of one race do not retry in step.
 * The one back-off rule of the code base: the write path, the projector and the Kafka relay
 * all wait through it.
 */
export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly jitter?: boolean;
}

export const backoffDelay = (
  attempt: number,
  { initialMs, maxMs, jitter = false }: Backoff,
  random: () => number = Math.random,
): number => {
  // 2^30 is already far beyond any cap; bounding the exponent keeps the product finite.
  const delay = Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return jitter ? random() * delay : delay;
};

/** Resolves after `ms`, or at once (without rejecting) when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
