import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { backoffDelay, sleep } from '@policy/common';
import { StoreStartError } from '../store-start-error';
import { isStreamNotFound } from './kurrentdb-errors';
import { withDeadline } from './kurrentdb-deadline';

/** A stream the service never writes: reading it costs the server one index look-up. */
export const PROBE_STREAM = 'policy-start-probe';

export interface ProbeLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface KurrentDbProbeOptions {
  /** A new client per attempt (see `openKurrentDbClient`). */
  readonly createClient: () => KurrentDBClient;
  /** The server as log lines name it (`describeKurrentDbAddress`): no credentials. */
  readonly address: string;
  /** Give up after this long (POLICY_STORE_START_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** How long one probe may take; the server's answer to a missing stream is immediate. */
  readonly attemptTimeoutMs?: number;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly logger?: ProbeLogger;
  readonly now?: () => number;
  /** Aborted when the store is closed while still probing: stop at once. */
  readonly signal?: AbortSignal;
}

const reason = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** One probe: the read must be answered; "no such stream" is an answer. */
const probe = async (client: KurrentDBClient, attemptTimeoutMs: number): Promise<void> => {
  const timeout = () => new Error(`no answer within ${attemptTimeoutMs} ms`);
  try {
    for await (const _ of withDeadline(client.readStream(PROBE_STREAM, { maxCount: 1 }), attemptTimeoutMs, timeout)) break;
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
  }
};

/** Disposing a client whose connection never came up must not hold the next attempt back. */
const dispose = async (client: KurrentDBClient): Promise<void> => {
  await Promise.race([client.dispose().catch(() => undefined), sleep(1000)]);
};

/**
 * Opens KurrentDB the only way that recovers from a server that is down at start: the client's
 * bridge ends its connection loop after a failed first connection (`connection_state_machine`
 * breaks when the first `GetChannel` fails), so a client whose first call failed stays
 * `UnavailableError` for the life of the process. Each attempt therefore makes a new client
 * and probes it with a read of a stream that does not exist; on failure the client is thrown
 * away, one line is logged (no stack: the reason is the same every time), and the next attempt
 * waits a growing pause. Once a probe is answered the client has a live channel, and from
 * then on it reconnects by itself. After `timeoutMs` without an answer it gives up with a
 * StoreStartError naming the server, so an orchestrator can restart the process.
 */
export const openKurrentDbClient = async (options: KurrentDbProbeOptions): Promise<KurrentDBClient> => {
  const now = options.now ?? Date.now;
  const started = now();
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new StoreStartError(`closed while waiting for KurrentDB at ${options.address}`);
    const client = options.createClient();
    let failure: string;
    try {
      await probe(client, Math.min(attemptTimeoutMs, Math.max(1, options.timeoutMs - (now() - started))));
      options.logger?.log(`KurrentDB at ${options.address} answered (attempt ${attempt})`);
      return client;
    } catch (error) {
      failure = reason(error);
      await dispose(client);
    }
    const elapsed = now() - started;
    const delayMs = backoffDelay(attempt, { initialMs: options.initialDelayMs ?? 250, maxMs: options.maxDelayMs ?? 5000 });
    if (elapsed + delayMs >= options.timeoutMs) {
      throw new StoreStartError(
        `KurrentDB at ${options.address} did not answer within ${options.timeoutMs} ms (POLICY_STORE_START_TIMEOUT_MS), ` +
          `after ${attempt} attempts; last: ${failure}`,
      );
    }
    options.logger?.warn(`KurrentDB at ${options.address} is not reachable (attempt ${attempt}: ${failure}); retrying in ${delayMs} ms`);
    await sleep(delayMs, options.signal);
  }
};
