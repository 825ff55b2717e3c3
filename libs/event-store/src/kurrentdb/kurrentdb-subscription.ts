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
 * batch"), until the server says it fell behind (`fellBehind`) and later catches up again.
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
  source.on('fellBehind', () => {
    live = false;
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
