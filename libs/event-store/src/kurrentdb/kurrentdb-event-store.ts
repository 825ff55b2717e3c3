import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult as ClientAppendResult,
  type PrefixesFilter,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError } from '@policy/domain';
import type {
  AppendResult,
  CheckpointStore,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import {
  POLICY_STREAM_PREFIX,
  checkpointEvent,
  checkpointStreamName,
  describeStreamState,
  fromKurrentPosition,
  isStreamNotFound,
  parseCheckpoint,
  placeRevision,
  planReadAll,
  planReadStream,
  policyStreamFilter,
  selectPage,
  toEventData,
  toKurrentPosition,
  toRecordedEvent,
  toStreamState,
  translateAppendError,
} from './kurrentdb-mapping';

export interface KurrentDbEventStoreOptions {
  /**
   * Stream name prefixes that make up the global feed (readAll, subscribe, headPosition).
   * Default: the rule streams, `policy-rule-`.
   */
  readonly streamPrefixes?: readonly string[];
  /** Events per readAll page when the caller gives no limit (SQLite's default too). */
  readonly pageSize?: number;
}

/**
 * The production event store: KurrentDB over gRPC. The server checks expected revisions, orders
 * the log, and keeps `$all` positions gap-safe (a read never returns an event past the last
 * indexed commit), so the adapter only translates. How positions map, and why reads from a
 * position are made exclusive, is explained in `kurrentdb-mapping.ts`.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly filter: PrefixesFilter;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<Subscription>();
  /** Checkpoint streams already given `$maxCount: 1` by this process. */
  private readonly trimmedCheckpoints = new Set<string>();
  private closed = false;
  readonly checkpoints: CheckpointStore;

  static fromConnectionString(connectionString: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  constructor(
    readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.filter = policyStreamFilter(options.streamPrefixes ?? [POLICY_STREAM_PREFIX]);
    this.pageSize = options.pageSize ?? 1000;
    this.checkpoints = {
      load: (name) => this.loadCheckpoint(name),
      save: (name, position) => this.saveCheckpoint(name, position),
    };
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('append needs at least one event');
    const streamState = toStreamState(options.expectedRevision);
    let result: ClientAppendResult;
    try {
      result = await this.client.appendToStream(streamId, events.map(toEventData), { streamState });
    } catch (error) {
      throw translateAppendError(error, streamId);
    }
    // Only with `throwOnAppendFailure=false` in the connection string does a refused append
    // come back as a result instead of an error.
    if (!result.success) {
      const actual = describeStreamState(result.nextExpectedRevision);
      const expected = describeStreamState(streamState);
      throw new ConcurrencyError(`stream ${streamId} is at ${actual}, expected ${expected}`, { streamId, expected, actual });
    }
    const position =
      result.position !== undefined
        ? fromKurrentPosition(result.position, `append to ${streamId}`)
        : await this.positionOf(streamId, result.nextExpectedRevision);
    return { nextRevision: result.nextExpectedRevision, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const plan = planReadStream(options);
    if (plan.maxCount === 0n) return [];
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: plan.direction,
        fromRevision: plan.fromRevision,
        maxCount: plan.maxCount,
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        const placement = placeRevision(plan, event.revision);
        if (placement === 'beyond') break;
        if (placement === 'inside') events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const plan = planReadAll(options, this.pageSize);
    if (plan.limit === 0) return [];
    const events: RecordedEvent[] = [];
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: plan.fromPosition,
      maxCount: plan.maxCount,
      filter: this.filter,
    });
    for await (const resolved of read) events.push(toRecordedEvent(resolved));
    return selectPage(events, plan);
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const source = this.client.subscribeToAll({
      fromPosition: options.fromPosition === undefined ? START : toKurrentPosition(options.fromPosition),
      resolveLinkTos: false,
      filter: this.filter,
    });
    const subscription = deliverSubscription(source, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint | undefined> {
    this.assertOpen();
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: this.filter });
    for await (const resolved of read) return toRecordedEvent(resolved).position;
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** Where an appended event landed, for a server that answered without a position. */
  private async positionOf(streamId: string, revision: bigint): Promise<bigint> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (event === undefined) throw new Error(`${streamId}@${revision} was appended but cannot be read back`);
    return event.position;
  }

  /**
   * A checkpoint is the last event of its stream, read backwards so the stream's length does
   * not matter; `$maxCount: 1` lets the server scavenge the older ones.
   */
  private async loadCheckpoint(name: string): Promise<bigint | undefined> {
    const [latest] = await this.readStream(checkpointStreamName(name), { direction: 'backwards', maxCount: 1 });
    return latest === undefined ? undefined : parseCheckpoint(latest.data);
  }

  private async saveCheckpoint(name: string, position: bigint): Promise<void> {
    this.assertOpen();
    const stream = checkpointStreamName(name);
    await this.client.appendToStream(stream, checkpointEvent(position), { streamState: ANY });
    if (!this.trimmedCheckpoints.has(stream)) {
      await this.client.setStreamMetadata(stream, { maxCount: 1 });
      this.trimmedCheckpoints.add(stream);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

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
