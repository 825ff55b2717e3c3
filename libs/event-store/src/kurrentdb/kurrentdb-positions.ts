import type { Position } from '@kurrent/kurrentdb-client';

/**
 * How the port's one-bigint positions become KurrentDB's and back.
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
 */

/** Log positions are signed 64-bit offsets on the server (C# `long`). */
export const MAX_LOG_POSITION = 2n ** 63n - 1n;

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
