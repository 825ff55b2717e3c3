import type { FeedOptions, Subscription } from './event-store.port';

/**
 * An optional capability of an event store (`EventStore.logScan`): reading its whole log in
 * bulk, faster than paging through `readAll`, and from any thread. The read-model rebuild uses
 * it when the store has it, and the port otherwise.
 */

/**
 * Streams whose id is at least `from` and below `to` (an absent end is open). A build splits
 * the log into such ranges: every event of a rule falls in one range, so each range can be
 * folded on its own, in any order relative to the others.
 */
export type StreamRange = Readonly<{ from?: string; to?: string }>;

/** One stored event as a scan returns it: plain numbers and strings, data and metadata as JSON text. */
export type LogRow = [position: number, streamId: string, revision: number, eventId: string, type: string, data: string, metadata: string];

/**
 * Where a scan reads from, as plain data: it crosses to a worker thread (in `workerData`), where
 * `openLogScan` opens a reader of its own. Callers pass it on without looking inside.
 */
export type LogScanSource = Readonly<{ kind: 'sqlite'; file: string }>;

/** One open scan of the log. Each call reads one consistent snapshot; positions are the port's, as numbers. */
export interface LogScanReader {
  /** The last position in the log (0 when it is empty). */
  head(): number;
  /** How many streams have events up to `head`. */
  streams(head: number): number;
  /**
   * Stream ids that cut the log into `parts` ranges of about as many events each (fewer ranges
   * when streams are too few or too long to cut that finely).
   */
  split(parts: number, head: number): StreamRange[];
  /** The events after `after` up to `head` of the streams in `range`, in position order. */
  rows(range: StreamRange, after: number, head: number): IterableIterator<LogRow>;
  close(): void;
}

export interface LogScan {
  readonly source: LogScanSource;
  /** A reader on the calling thread; the caller closes it. */
  open(): LogScanReader;
  /**
   * The global feed as stored rows, unparsed: for a follower that needs the stored text (the
   * ledger hashes it), not the events, and would otherwise parse each event only to write it
   * out again.
   */
  subscribeRows(options: FeedOptions<LogRow>): Subscription;
}
