/**
 * The pure half of the KurrentDB adapter: how the port's values (bigint positions, expected
 * revisions, read options, events) become the client's, and back. Nothing here talks to a
 * server, so every rule below is covered by unit tests.
 *
 * ## Positions
 *
 * KurrentDB addresses an event in `$all` by a pair `{ commit, prepare }` of byte offsets in its
 * transaction log: `prepare` is where the event's record starts, `commit` is where the record
 * that committed it starts. The port has one `bigint`. The mapping is: port position = `commit`,
 * and a port position `p` goes back as `{ commit: p, prepare: p }`. It is lossless because, for
 * every event this service writes, commit === prepare. From the server sources (kurrent-io/KurrentDB):
 *
 * - `StorageWriterService` writes each event of one append (one gRPC append call, however many
 *   events) as its own prepare record flagged `IsCommitted`: an "implicit transaction", with no
 *   separate commit record.
 * - `AllReader.ReadAllEventsForward/Backward` return such a record as
 *   `new CommitEventRecord(eventRecord, prepare.LogPosition)`, so its commit position is its own
 *   log position, equal to its prepare position; `ResolvedEvent.CalculatePosition` gives
 *   `TFPos(LogPosition, LogPosition)` for self-committed events on stream reads, and
 *   `IndexCommitter` publishes live events with `EventCommitted(prepare.LogPosition, ...)`.
 * - An append's answer carries `WriteEventsCompleted(CommitPosition, CommitPosition)`, where
 *   `CommitPosition` is the log position of the batch's last prepare (`StorageChaser` acks the
 *   record flagged `TransactionEnd`): the position of the last event appended, as the port wants.
 *
 * So the events of one multi-event append get distinct, increasing positions, each with
 * commit === prepare. Only explicit transactions (the legacy TCP API's TransactionStart /
 * TransactionCommit, which write a separate commit record) give commit ≠ prepare; this service
 * never writes them, and a position that breaks the rule is refused loudly rather than
 * truncated (`fromKurrentPosition`). Keeping positions as plain log offsets (rather than packing
 * both halves into one 128-bit number) keeps them well inside SQLite's INTEGER and JSON's safe
 * integers, where the projector and the Kafka envelope store them.
 *
 * ## Exclusive reads
 *
 * The port's `fromPosition` means "strictly after". The server's forward `$all` read is
 * inclusive (`AllReader`: `new TFPos(prepare.LogPosition, prepare.LogPosition) >= pos`), so a
 * read asks for one event more and drops those at or before the position (`planReadAll`,
 * `selectPage`). Its catch-up subscription is already exclusive
 * (`Enumerator.AllSubscriptionFiltered.CatchUp`: `if (eventPosition <= checkpoint) continue`),
 * so a subscription is started from the position as it is.
 */
import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type CurrentStreamState,
  type Direction,
  type JSONEventData,
  type JSONType,
  type Position,
  type PrefixesFilter,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError, assertNever } from '@policy/domain';
import type {
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store.port';

/** Streams of the service's rules (`policy-rule-<ruleId>`): the global feed is these only. */
export const POLICY_STREAM_PREFIX = 'policy-rule-';

/** Where named checkpoints live; outside the feed's prefix, so they never reach subscribers. */
export const CHECKPOINT_STREAM_PREFIX = 'policy-checkpoint-';

export const CHECKPOINT_EVENT_TYPE = 'CheckpointSaved';

/** Log positions are signed 64-bit offsets on the server (C# `long`). */
export const MAX_LOG_POSITION = 2n ** 63n - 1n;

/** The client's own default for "read everything" (it sends `BigInt(maxCount)`). */
const UNBOUNDED = BigInt(Number.MAX_SAFE_INTEGER);

// ---------------------------------------------------------------------------------------------
// Positions

export const toKurrentPosition = (position: bigint): Position => {
  if (position < 0n || position > MAX_LOG_POSITION) {
    throw new RangeError(`position ${position} is outside KurrentDB's log (0 to ${MAX_LOG_POSITION})`);
  }
  return { commit: position, prepare: position };
};

/**
 * The port's position of a KurrentDB event. `what` names the event in the error, which is raised
 * rather than guessing: a missing position, the server's "unknown" marker (-1 sent as an unsigned
 * 2^64 - 1, outside the log), or commit ≠ prepare (an explicit transaction).
 */
export const fromKurrentPosition = (position: Position | undefined, what: string): bigint => {
  if (position === undefined) throw new Error(`${what} came without a log position`);
  const { commit, prepare } = position;
  if (commit < 0n || commit > MAX_LOG_POSITION) {
    throw new Error(`${what} has no known log position (commit ${commit})`);
  }
  if (commit !== prepare) {
    throw new Error(
      `${what} has commit position ${commit} ≠ prepare position ${prepare}: it was written by an ` +
        'explicit transaction, which this service never uses, and one number cannot hold both',
    );
  }
  return commit;
};

// ---------------------------------------------------------------------------------------------
// Expected revision on append

export const toStreamState = (expected: ExpectedRevision): AppendStreamState => {
  if (typeof expected === 'bigint') {
    if (expected < 0n) throw new RangeError(`expected revision ${expected} is negative`);
    return expected;
  }
  switch (expected) {
    case 'no-stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return assertNever(expected);
  }
};

/**
 * A client stream state in the port's words ("no-stream", "exists", "any", "revision 3"), as
 * `concurrencyError` words it for SQLite. Negative bigints are the server's legacy codes
 * for the named states, which the client passes through when it builds the error from gRPC
 * metadata (`expected-version`, `actual-version`).
 */
export const describeStreamState = (state: AppendStreamState | CurrentStreamState): string => {
  if (typeof state === 'bigint') {
    switch (state) {
      case -1n:
        return 'no-stream';
      case -2n:
        return 'any';
      case -4n:
        return 'exists';
      default:
        return `revision ${state}`;
    }
  }
  switch (state) {
    case NO_STREAM:
      return 'no-stream';
    case STREAM_EXISTS:
      return 'exists';
    case ANY:
      return 'any';
    default:
      return assertNever(state);
  }
};

// ---------------------------------------------------------------------------------------------
// Errors

/** Matches by the client's `type` tag too, so a second copy of the client module still counts. */
const hasErrorType = (error: unknown, type: ErrorType): boolean =>
  error instanceof Error && (error as { type?: unknown }).type === type;

export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError =>
  error instanceof WrongExpectedVersionError || hasErrorType(error, ErrorType.WRONG_EXPECTED_VERSION);

export const isStreamNotFound = (error: unknown): boolean =>
  error instanceof StreamNotFoundError || hasErrorType(error, ErrorType.STREAM_NOT_FOUND);

export const toConcurrencyError = (error: WrongExpectedVersionError, streamId: string): ConcurrencyError => {
  const stream = error.streamName || streamId;
  const expected = describeStreamState(error.expectedState);
  const actual = describeStreamState(error.actualState);
  return new ConcurrencyError(`stream ${stream} is at ${actual}, expected ${expected}`, {
    streamId: stream,
    expected,
    actual,
  });
};

/** What an append failure means to the service: a lost race is a ConcurrencyError, the rest as is. */
export const translateAppendError = (error: unknown, streamId: string): unknown =>
  isWrongExpectedVersion(error) ? toConcurrencyError(error, streamId) : error;

// ---------------------------------------------------------------------------------------------
// The feed's filter

/**
 * Server-side filter of `$all` down to the service's streams. Prefixes starting with `$` would
 * let system streams in, and an empty one would match everything.
 */
export const policyStreamFilter = (prefixes: readonly string[] = [POLICY_STREAM_PREFIX]): PrefixesFilter => {
  if (prefixes.length === 0) throw new Error('the feed needs at least one stream prefix');
  for (const prefix of prefixes) {
    if (prefix === '' || prefix.startsWith('$')) {
      throw new Error(`stream prefix ${JSON.stringify(prefix)} would admit system or foreign streams`);
    }
  }
  return streamNameFilter({ prefixes: [...prefixes] });
};

// ---------------------------------------------------------------------------------------------
// Reading a stream

export type Placement = 'before' | 'inside' | 'beyond';

/**
 * How to read a revision range with a client that only knows a start and a count. `lowest` and
 * `highest` are the inclusive bounds asked for (`highest` undefined: up to the stream's end).
 */
export interface StreamReadPlan {
  readonly direction: Direction;
  readonly fromRevision: ReadRevision;
  /** 0n: nothing can match, do not call the server. */
  readonly maxCount: bigint;
  readonly lowest: bigint;
  readonly highest: bigint | undefined;
}

const checkCount = (maxCount: number | undefined): bigint => {
  if (maxCount === undefined) return UNBOUNDED;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount ${maxCount} is not a non-negative integer`);
  }
  return BigInt(maxCount);
};

const checkRevision = (revision: bigint | undefined, name: string): bigint | undefined => {
  if (revision !== undefined && revision < 0n) throw new RangeError(`${name} ${revision} is negative`);
  return revision;
};

const smaller = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Events in [lowest, highest]: at most that many, and never negative. */
const span = (lowest: bigint, highest: bigint | undefined): bigint =>
  highest === undefined ? UNBOUNDED : highest < lowest ? 0n : highest - lowest + 1n;

export const planReadStream = (options: ReadStreamOptions = {}): StreamReadPlan => {
  const requested = checkCount(options.maxCount);
  const from = checkRevision(options.fromRevision, 'fromRevision');
  const to = checkRevision(options.toRevision, 'toRevision');
  const direction = options.direction ?? 'forwards';
  switch (direction) {
    case 'forwards': {
      const lowest = from ?? 0n;
      return { direction: FORWARDS, fromRevision: lowest, maxCount: smaller(requested, span(lowest, to)), lowest, highest: to };
    }
    case 'backwards': {
      const lowest = to ?? 0n;
      return {
        direction: BACKWARDS,
        fromRevision: from ?? END,
        maxCount: smaller(requested, span(lowest, from)),
        lowest,
        highest: from,
      };
    }
    default:
      return assertNever(direction);
  }
};

/**
 * Where a revision read falls: keep it (`inside`), skip it (`before`), or stop reading
 * (`beyond`: past the far bound in the reading direction, so every later one is too).
 */
export const placeRevision = (plan: StreamReadPlan, revision: bigint): Placement => {
  const belowRange = revision < plan.lowest;
  const aboveRange = plan.highest !== undefined && revision > plan.highest;
  if (!belowRange && !aboveRange) return 'inside';
  if (plan.direction === FORWARDS) return aboveRange ? 'beyond' : 'before';
  return belowRange ? 'beyond' : 'before';
};

// ---------------------------------------------------------------------------------------------
// Reading the feed

export interface AllReadPlan {
  readonly fromPosition: ReadPosition;
  /** One more than `limit` when starting from a position: the server returns that event too. */
  readonly maxCount: number;
  readonly after: bigint | undefined;
  readonly limit: number;
}

export const planReadAll = (options: ReadAllOptions, defaultLimit: number): AllReadPlan => {
  const limit = options.limit ?? defaultLimit;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit ${limit} is not a non-negative integer`);
  const after = options.fromPosition;
  return after === undefined
    ? { fromPosition: START, maxCount: limit, after, limit }
    : { fromPosition: toKurrentPosition(after), maxCount: limit + 1, after, limit };
};

/** The page the port promised: strictly after the position, at most `limit` events. */
export const selectPage = (events: readonly RecordedEvent[], plan: AllReadPlan): RecordedEvent[] => {
  const after = plan.after;
  const strictlyAfter = after === undefined ? events : events.filter((event) => event.position > after);
  return strictlyAfter.slice(0, plan.limit);
};

// ---------------------------------------------------------------------------------------------
// Events

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A new event as the client sends it: JSON data and metadata. KurrentDB keys its idempotence
 * check on event ids and stores them as UUIDs, so anything else is refused here, before a
 * round trip, with a message that says why.
 */
export const toEventData = (event: NewEvent): JSONEventData => {
  if (!UUID.test(event.eventId)) {
    throw new Error(`event id ${JSON.stringify(event.eventId)} is not a UUID, which KurrentDB requires`);
  }
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: (event.data ?? null) as JSONType,
    metadata: (event.metadata ?? {}) as JSONType,
  };
};

/**
 * An event read back. Metadata that was empty comes back undefined from the client; the SQLite
 * adapter reads it as `{}`, so this one does too.
 */
export const toRecordedEvent = (resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent => {
  const event = resolved.event;
  if (event === undefined) {
    throw new Error('read a link whose target event is gone; the feed never holds links');
  }
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: fromKurrentPosition(event.position, `event ${event.id} (${event.streamId}@${event.revision})`),
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata ?? {},
  };
};

// ---------------------------------------------------------------------------------------------
// Checkpoints

export const checkpointStreamName = (name: string): string => {
  if (name === '') throw new Error('a checkpoint needs a name');
  return `${CHECKPOINT_STREAM_PREFIX}${name}`;
};

/** The position travels as a decimal string: a JSON number would round it past 2^53. */
export const checkpointEvent = (position: bigint, eventId: string = randomUUID()): JSONEventData => {
  if (position < 0n) throw new RangeError(`checkpoint position ${position} is negative`);
  return toEventData({ eventId, type: CHECKPOINT_EVENT_TYPE, data: { position: position.toString() }, metadata: {} });
};

export const parseCheckpoint = (data: unknown): bigint => {
  const position = (data as { position?: unknown } | null)?.position;
  if (typeof position !== 'string' || !/^\d+$/.test(position)) {
    throw new Error(`checkpoint event holds no position: ${JSON.stringify(data)}`);
  }
  return BigInt(position);
};
