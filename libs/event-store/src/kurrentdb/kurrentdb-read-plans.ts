import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  streamNameFilter,
  type Direction,
  type PrefixesFilter,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import { assertNever, SERVICE_STREAM_PREFIXES } from '@policy/domain';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../event-store.port';
import { toKurrentPosition } from './kurrentdb-positions';

/**
 * How the port's reads become the client's: which streams make up the feed, and how a range
 * of revisions or a page after a position is asked for with a client that knows only a start
 * and a count.
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

/** The client's own default for "read everything" (it sends `BigInt(maxCount)`). */
const UNBOUNDED = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Server-side filter of `$all` down to the service's streams. Prefixes starting with `$` would
 * let system streams in, and an empty one would match everything.
 */
export const policyStreamFilter = (prefixes: readonly string[] = SERVICE_STREAM_PREFIXES): PrefixesFilter => {
  if (prefixes.length === 0) throw new Error('the feed needs at least one stream prefix');
  for (const prefix of prefixes) {
    if (prefix === '' || prefix.startsWith('$')) {
      throw new Error(`stream prefix ${JSON.stringify(prefix)} would admit system or foreign streams`);
    }
  }
  return streamNameFilter({ prefixes: [...prefixes] });
};

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
