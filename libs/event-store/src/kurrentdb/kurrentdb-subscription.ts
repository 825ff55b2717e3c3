import type { AllStreamResolvedEvent, AllStreamSubscription } from '@kurrent/kurrentdb-client';
import type { SubscribeOptions, Subscription } from '../event-store.port';
import { toRecordedEvent } from './kurrentdb-events';

/**
 * Hands a `$all` catch-up subscription to the port's callbacks, one event at a time.
 *
 * The client's subscription is a Node object stream, and the server's "caught up" notice arrives
 * beside it as a `caughtUp` emitter event (emitted by the client's `Subscription._transform` on
 * the gRPC `caught_up` message), which can overtake events still in the stream's buffer. So
 * events are pulled with `read()`, never ahead of their handler, and caught-up is reported only
 * when the buffer is empty after the notice: every event the server sent before the notice has
 * then been handed over. Once live, each drained buffer is reported again ("after each live
 * batch"). The client would also emit `fellBehind`, but the server never sends it on a client's
 * subscription (a slow subscriber is caught up inside the server, without telling it), so
 * nothing here listens for it.
 */
export const deliverSubscription = (
  source: AllStreamSubscription,
  options: SubscribeOptions,
  onStopped: () => void = () => undefined,
): Subscription => {
  let closing = false;
  let live = false;
  let reported = false;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const nudge = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  source.on('readable', nudge);
  source.on('caughtUp', () => {
    live = true;
    reported = false;
    nudge();
  });
  source.on('error', (error: unknown) => {
    failure ??= { error };
    nudge();
  });
  source.on('end', () => {
    ended = true;
    nudge();
  });
  source.on('close', () => {
    ended = true;
    nudge();
  });

  let position = options.fromPosition;
  const run = async (): Promise<void> => {
    while (!closing) {
      if (failure) throw failure.error;
      const resolved = source.read() as AllStreamResolvedEvent | null;
      if (resolved !== null) {
        const event = toRecordedEvent(resolved);
        // The server already starts after `fromPosition` and never repeats; this only guards
        // the port's promise if that ever changes.
        if (position !== undefined && event.position <= position) continue;
        await options.onEvent(event);
        position = event.position;
        reported = false;
        continue;
      }
      if (ended) throw new Error('the server ended the $all subscription');
      if (live && !reported) {
        reported = true;
        await options.onCaughtUp?.(position);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };

  const release = async (): Promise<void> => {
    try {
      await source.unsubscribe();
    } catch {
      // The call never started (its connection failed), so there is nothing to cancel.
    }
    source.destroy();
  };

  const done = (async () => {
    try {
      await run();
    } catch (error) {
      if (!closing) {
        options.onError?.(error);
        throw error;
      }
    } finally {
      await release();
      onStopped();
    }
  })();
  // The caller may only watch onError; keep an unobserved rejection from crashing the process.
  done.catch(() => undefined);

  return {
    done,
    close: async () => {
      closing = true;
      nudge();
      await done.catch(() => undefined);
    },
  };
};

/**
 * A subscription whose source is still being made (the client waits for the store's start-up
 * probe). Closed before the source exists, it never starts, and the close does not wait for the
 * probe; a failure to make the source is reported through `onError` and `done`, like a failure
 * of the feed.
 */
export const deferredSubscription = <Source>(
  source: Promise<Source>,
  start: (source: Source) => Subscription,
  options: Pick<SubscribeOptions, 'onError'>,
  onStopped: () => void = () => undefined,
): Subscription => {
  let inner: Subscription | undefined;
  let closing = false;
  let cancel!: () => void;
  const cancelled = new Promise<'cancelled'>((resolve) => (cancel = () => resolve('cancelled')));
  const done = (async () => {
    try {
      let ready: Source | 'cancelled';
      try {
        ready = await Promise.race([source, cancelled]);
      } catch (error) {
        if (!closing) options.onError?.(error);
        throw error;
      }
      if (ready === 'cancelled' || closing) return;
      inner = start(ready);
      await inner.done;
    } finally {
      onStopped();
    }
  })();
  done.catch(() => undefined);
  return {
    done,
    close: async () => {
      closing = true;
      cancel();
      await inner?.close();
      await done.catch(() => undefined);
    },
  };
};
