import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  type AppendResult as ClientAppendResult,
  type PrefixesFilter,
} from '@kurrent/kurrentdb-client';
// One name for the port's types: its AppendResult and the client's would otherwise clash.
import type * as Port from '../event-store.port';
import { revisionConflict } from '../expected-revision';
import { assertEvents, assertOpen } from '../store-guards';
import { describeKurrentDbAddress } from './kurrentdb-address';
import { checkpointEvent, checkpointStreamName, parseCheckpoint } from './kurrentdb-checkpoints';
import { DEFAULT_READ_TIMEOUT_MS, storeUnavailable, withDeadline } from './kurrentdb-deadline';
import { isStreamNotFound, isUnavailable, translateAppendError } from './kurrentdb-errors';
import { toEventData, toRecordedEvent } from './kurrentdb-events';
import { describeStreamState, toStreamState } from './kurrentdb-expected-revision';
import { fromKurrentPosition, toKurrentPosition } from './kurrentdb-positions';
import { openKurrentDbClient, ProbeLogger } from './kurrentdb-probe';
import { placeRevision, planReadAll, planReadStream, policyStreamFilter, selectPage } from './kurrentdb-read-plans';
import { deferredSubscription, deliverSubscription } from './kurrentdb-subscription';

export interface KurrentDbEventStoreOptions {
  /**
   * Stream name prefixes that make up the global feed (readAll, subscribe, headPosition).
   * Default: the service's streams (`SERVICE_STREAM_PREFIXES`: rules, catalogue, evaluations).
   */
  readonly streamPrefixes?: readonly string[];
  /** Events per readAll page when the caller gives no limit (SQLite's default too). */
  readonly pageSize?: number;
  /** Longest wait for the next batch of a read before the store counts as unavailable. */
  readonly readTimeoutMs?: number;
  /** How long `open()` keeps probing a server that does not answer (POLICY_STORE_START_TIMEOUT_MS). */
  readonly startTimeoutMs?: number;
  readonly logger?: ProbeLogger;
}

/** The start timeout unless told: long enough for a server starting beside the service. */
export const DEFAULT_STORE_START_TIMEOUT_MS = 60_000;

/**
 * The production event store: KurrentDB over gRPC. The server checks expected revisions, orders
 * the log, and keeps `$all` positions gap-safe (a read never returns an event past the last
 * indexed commit), so the adapter only translates. How positions map, and why reads from a
 * position are made exclusive, is explained in `kurrentdb-positions.ts` and `kurrentdb-read-plans.ts`.
 *
 * The client is made by `open()`, which probes the server until it answers (`kurrentdb-probe.ts`
 * says why a client whose first call failed is never used again); every operation waits for it.
 * Every read is bounded by `readTimeoutMs`, and a server that cannot be reached or does not
 * answer in time is reported as a ServiceUnavailableError (503 `store_unavailable`).
 */
export class KurrentDbEventStore implements Port.EventStore {
  private readonly filter: PrefixesFilter;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<Port.Subscription>();
  /** Checkpoint streams already given `$maxCount: 1` by this process. */
  private readonly trimmedCheckpoints = new Set<string>();
  private readonly readTimeoutMs: number;
  private readonly address: string;
  private readonly connect: (signal: AbortSignal) => Promise<KurrentDBClient>;
  /** Ends a start-up probe still running when the store is closed. */
  private readonly closing = new AbortController();
  private client?: Promise<KurrentDBClient>;
  /** Positions are byte offsets in the server's log, not event numbers. */
  readonly positionsCountEvents = false;
  private closed = false;
  readonly checkpoints: Port.CheckpointStore;

  /** A store that makes its client from `connectionString` on `open()`, probing until the server answers. */
  static fromConnectionString(connectionString: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    const address = describeKurrentDbAddress(connectionString);
    const connect = (signal: AbortSignal) =>
      openKurrentDbClient({
        createClient: () => KurrentDBClient.connectionString(connectionString),
        address,
        timeoutMs: options.startTimeoutMs ?? DEFAULT_STORE_START_TIMEOUT_MS,
        logger: options.logger,
        signal,
      });
    return new KurrentDbEventStore(connect, options, address);
  }

  /** Given a client, the store uses it as it is; given a function, it calls it once, on first use. */
  constructor(
    client: KurrentDBClient | ((signal: AbortSignal) => Promise<KurrentDBClient>),
    options: KurrentDbEventStoreOptions = {},
    address = 'the configured address',
  ) {
    this.connect = typeof client === 'function' ? client : () => Promise.resolve(client);
    this.address = address;
    this.readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    this.filter = policyStreamFilter(options.streamPrefixes);
    this.pageSize = options.pageSize ?? 1000;
    this.checkpoints = {
      load: (name) => this.loadCheckpoint(name),
      save: (name, position) => this.saveCheckpoint(name, position),
    };
  }

  open(): Promise<void> {
    return this.connected().then(() => undefined);
  }

  private connected(): Promise<KurrentDBClient> {
    this.assertOpen();
    if (!this.client) {
      this.client = this.connect(this.closing.signal);
      // Callers see the failure through their own awaits; an unawaited one must not crash the process.
      this.client.catch(() => undefined);
    }
    return this.client;
  }

  async append(
    streamId: string,
    events: readonly Port.NewEvent[],
    options: { expectedRevision: Port.ExpectedRevision },
  ): Promise<Port.AppendResult> {
    this.assertOpen();
    assertEvents(events);
    const streamState = toStreamState(options.expectedRevision);
    const client = await this.connected();
    let result: ClientAppendResult;
    try {
      result = await client.appendToStream(streamId, events.map(toEventData), { streamState });
    } catch (error) {
      throw this.unavailableOr(translateAppendError(error, streamId));
    }
    // Only with `throwOnAppendFailure=false` in the connection string does a refused append
    // come back as a result instead of an error.
    if (!result.success) {
      throw revisionConflict(streamId, describeStreamState(streamState), describeStreamState(result.nextExpectedRevision));
    }
    const position =
      result.position !== undefined
        ? fromKurrentPosition(result.position, `append to ${streamId}`)
        : await this.positionOf(streamId, result.nextExpectedRevision);
    return { nextRevision: result.nextExpectedRevision, position };
  }

  async readStream(streamId: string, options: Port.ReadStreamOptions = {}): Promise<Port.RecordedEvent[]> {
    this.assertOpen();
    const plan = planReadStream(options);
    if (plan.maxCount === 0n) return [];
    const client = await this.connected();
    const events: Port.RecordedEvent[] = [];
    try {
      const read = client.readStream(streamId, {
        direction: plan.direction,
        fromRevision: plan.fromRevision,
        maxCount: plan.maxCount,
      });
      for await (const resolved of this.bounded(read, `reading ${streamId}`)) {
        const event = toRecordedEvent(resolved);
        const placement = placeRevision(plan, event.revision);
        if (placement === 'beyond') break;
        if (placement === 'inside') events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw this.unavailableOr(error);
    }
    return events;
  }

  async readAll(options: Port.ReadAllOptions = {}): Promise<Port.RecordedEvent[]> {
    this.assertOpen();
    const plan = planReadAll(options, this.pageSize);
    if (plan.limit === 0) return [];
    const client = await this.connected();
    const events: Port.RecordedEvent[] = [];
    const read = client.readAll({
      direction: FORWARDS,
      fromPosition: plan.fromPosition,
      maxCount: plan.maxCount,
      filter: this.filter,
    });
    try {
      for await (const resolved of this.bounded(read, 'reading $all')) events.push(toRecordedEvent(resolved));
    } catch (error) {
      throw this.unavailableOr(error);
    }
    return selectPage(events, plan);
  }

  subscribe(options: Port.SubscribeOptions): Port.Subscription {
    const client = this.connected();
    const subscription: Port.Subscription = deferredSubscription(
      client.then((ready) =>
        ready.subscribeToAll({
          fromPosition: options.fromPosition === undefined ? START : toKurrentPosition(options.fromPosition),
          resolveLinkTos: false,
          filter: this.filter,
        }),
      ),
      (source) => deliverSubscription(source, options),
      options,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint | undefined> {
    this.assertOpen();
    const client = await this.connected();
    const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: this.filter });
    try {
      for await (const resolved of this.bounded(read, 'reading the head of $all')) return toRecordedEvent(resolved).position;
    } catch (error) {
      throw this.unavailableOr(error);
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    const client = await this.client?.catch(() => undefined);
    await client?.dispose();
  }

  /** A read that fails with ServiceUnavailableError once the server stalls for `readTimeoutMs`. */
  private bounded<T>(read: AsyncIterable<T>, what: string): AsyncGenerator<T> {
    return withDeadline(read, this.readTimeoutMs, () =>
      storeUnavailable(this.address, `${what} got no answer within ${this.readTimeoutMs} ms`),
    );
  }

  /** A client error that means "the server cannot be reached" becomes the 503 the service answers. */
  private unavailableOr(error: unknown): unknown {
    return isUnavailable(error) ? storeUnavailable(this.address, error instanceof Error ? error.message : String(error)) : error;
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
    const client = await this.connected();
    const stream = checkpointStreamName(name);
    try {
      await client.appendToStream(stream, checkpointEvent(position), { streamState: ANY });
      if (!this.trimmedCheckpoints.has(stream)) {
        await client.setStreamMetadata(stream, { maxCount: 1 });
        this.trimmedCheckpoints.add(stream);
      }
    } catch (error) {
      throw this.unavailableOr(error);
    }
  }

  private assertOpen(): void {
    assertOpen(this.closed);
  }
}
