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
import { checkpointEvent, checkpointStreamName, parseCheckpoint } from './kurrentdb-checkpoints';
import { isStreamNotFound, translateAppendError } from './kurrentdb-errors';
import { toEventData, toRecordedEvent } from './kurrentdb-events';
import { describeStreamState, toStreamState } from './kurrentdb-expected-revision';
import { fromKurrentPosition, toKurrentPosition } from './kurrentdb-positions';
import { placeRevision, planReadAll, planReadStream, policyStreamFilter, selectPage } from './kurrentdb-read-plans';
import { deliverSubscription } from './kurrentdb-subscription';

export interface KurrentDbEventStoreOptions {
  /**
   * Stream name prefixes that make up the global feed (readAll, subscribe, headPosition).
   * Default: the service's streams (`SERVICE_STREAM_PREFIXES`: rules, catalogue, evaluations).
   */
  readonly streamPrefixes?: readonly string[];
  /** Events per readAll page when the caller gives no limit (SQLite's default too). */
  readonly pageSize?: number;
}

/**
 * The production event store: KurrentDB over gRPC. The server checks expected revisions, orders
 * the log, and keeps `$all` positions gap-safe (a read never returns an event past the last
 * indexed commit), so the adapter only translates. How positions map, and why reads from a
 * position are made exclusive, is explained in `kurrentdb-positions.ts` and `kurrentdb-read-plans.ts`.
 */
export class KurrentDbEventStore implements Port.EventStore {
  private readonly filter: PrefixesFilter;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<Port.Subscription>();
  /** Checkpoint streams already given `$maxCount: 1` by this process. */
  private readonly trimmedCheckpoints = new Set<string>();
  private closed = false;
  readonly checkpoints: Port.CheckpointStore;

  static fromConnectionString(connectionString: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  constructor(
    readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.filter = policyStreamFilter(options.streamPrefixes);
    this.pageSize = options.pageSize ?? 1000;
    this.checkpoints = {
      load: (name) => this.loadCheckpoint(name),
      save: (name, position) => this.saveCheckpoint(name, position),
    };
  }

  async append(
    streamId: string,
    events: readonly Port.NewEvent[],
    options: { expectedRevision: Port.ExpectedRevision },
  ): Promise<Port.AppendResult> {
    this.assertOpen();
    assertEvents(events);
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
    const events: Port.RecordedEvent[] = [];
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

  async readAll(options: Port.ReadAllOptions = {}): Promise<Port.RecordedEvent[]> {
    this.assertOpen();
    const plan = planReadAll(options, this.pageSize);
    if (plan.limit === 0) return [];
    const events: Port.RecordedEvent[] = [];
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: plan.fromPosition,
      maxCount: plan.maxCount,
      filter: this.filter,
    });
    for await (const resolved of read) events.push(toRecordedEvent(resolved));
    return selectPage(events, plan);
  }

  subscribe(options: Port.SubscribeOptions): Port.Subscription {
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
    assertOpen(this.closed);
  }
}
