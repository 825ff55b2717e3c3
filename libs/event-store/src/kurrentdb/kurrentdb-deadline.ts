import { ServiceUnavailableError } from '@policy/domain';

/** How long a read may wait for the server's next batch before the store counts as unavailable. */
export const DEFAULT_READ_TIMEOUT_MS = 10_000;

/** Seconds a client is told to wait before retrying a request that found the store unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** What every store operation that the server did not answer in time, or could not reach, throws. */
export const storeUnavailable = (address: string, why: string): ServiceUnavailableError =>
  new ServiceUnavailableError(
    'store_unavailable',
    `the event store (KurrentDB at ${address}) is unavailable: ${why}`,
    STORE_RETRY_AFTER_SECONDS,
  );

/**
 * The client's streaming reads run through its Rust bridge with no deadline at all (its
 * `defaultDeadline` applies to unary gRPC calls only), so a server that accepts the call and
 * then stalls would hold a reader forever. This bounds each step of the iteration: if the next
 * batch does not arrive within `timeoutMs`, the read is abandoned (its iterator is asked to
 * return, without waiting for it) and `onTimeout()` is thrown.
 */
export async function* withDeadline<T>(source: AsyncIterable<T>, timeoutMs: number, onTimeout: () => Error): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const next = iterator.next();
      // A step abandoned by the timeout may still fail later; that failure has nobody to tell.
      next.catch(() => undefined);
      let step: IteratorResult<T> | 'timeout';
      try {
        step = await Promise.race([next, timedOut]);
      } finally {
        clearTimeout(timer);
      }
      if (step === 'timeout') throw onTimeout();
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    // Early exit (a break, an error, a timeout): release the call without awaiting a stalled server.
    if (!finished) iterator.return?.(undefined).catch(() => undefined);
  }
}
