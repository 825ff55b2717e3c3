/**
 * The event store port: what the service needs from any store (SQLite embedded, KurrentDB in
 * production). Positions and revisions are bigints, as the KurrentDB client uses them.
 */
import type { LogScan } from './log-scan.port';

/**
 * The state a stream must be in for an append to go through:
 * - `'no-stream'`: the stream has no events yet;
 * - `'exists'`: it has at least one;
 * - `'any'`: no check;
 * - a bigint: the revision of its last event (revisions count from 0).
 */
export type ExpectedRevision = 'no-stream' | 'exists' | 'any' | bigint;

export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface RecordedEvent {
  readonly streamId: string;
  /** Index of the event in its stream, from 0. */
  readonly revision: bigint;
  /**
   * Global commit order across all streams. Strictly increasing and gap-safe: a reader never
   * sees a position after one that has not been committed yet.
   */
  readonly position: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface AppendResult {
  /** Revision of the last event appended: the expected revision of the next append. */
  readonly nextRevision: bigint;
  /** Global position of the last event appended. */
  readonly position: bigint;
}

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly toRevision?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events strictly after this position; omitted means from the start of the log. */
  readonly fromPosition?: bigint;
  readonly limit?: number;
}

/** A catch-up-then-live feed of the log's events, each delivered as a `T`. */
export interface FeedOptions<T> {
  /** Deliver events strictly after this position; omitted means from the start of the log. */
  readonly fromPosition?: bigint;
  /** Called once per event, in position order; the next is not delivered until it settles. */
  readonly onEvent: (event: T) => void | Promise<void>;
  /**
   * Called each time the subscriber has been handed everything committed so far (end of
   * catch-up, and after each live batch): the moment to flush work batched across events.
   */
  readonly onCaughtUp?: (position: bigint | undefined) => void | Promise<void>;
  /** Called if delivery stops on an error (a handler's or the store's). */
  readonly onError?: (error: unknown) => void;
}

export type SubscribeOptions = FeedOptions<RecordedEvent>;

export interface Subscription {
  /** Stops delivery; resolves once no handler is running. */
  close(): Promise<void>;
  /** Settles when the subscription stops: resolves on close, rejects on error. */
  readonly done: Promise<void>;
}

/** Durable named positions, for consumers of the global feed (projector, relay). */
export interface CheckpointStore {
  load(name: string): Promise<bigint | undefined>;
  save(name: string, position: bigint): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** A stream's events; a stream that does not exist reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in commit order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `fromPosition`, then live, until closed. */
  subscribe(options: SubscribeOptions): Subscription;
  /** Position of the last committed event (undefined for an empty log). */
  headPosition(): Promise<bigint | undefined>;
  readonly checkpoints: CheckpointStore;
  /**
   * True where positions are consecutive event numbers (SQLite), so the events between two
   * positions are their difference. KurrentDB's are byte offsets in its log: count by reading
   * (`countEventsAfter`).
   */
  readonly positionsCountEvents?: boolean;
  /**
   * Resolves once the store answers. A store with a server (KurrentDB) probes it, retrying
   * with growing pauses, and rejects with a StoreStartError after its start timeout; its other
   * methods wait for this. Absent: the store is ready once constructed (SQLite).
   */
  open?(): Promise<void>;
  /** Present on stores whose log can be read in bulk (see LogScan); absent, callers use `readAll`. */
  readonly logScan?: LogScan;
  close(): Promise<void>;
}

/** Nest injection token for the configured store. */
export const EVENT_STORE = Symbol('EVENT_STORE');
