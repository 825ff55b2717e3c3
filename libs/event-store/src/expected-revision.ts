import { ConcurrencyError } from '@policy/domain';
import { ExpectedRevision } from './event-store.port';

/**
 * The refusal of an append whose stream is not where the caller expected (undefined: no
 * stream), worded the same by every adapter that checks it itself; KurrentDB checks it on
 * the server.
 */
export const concurrencyError = (streamId: string, expected: ExpectedRevision, current: bigint | undefined): ConcurrencyError =>
  revisionConflict(streamId, describe(expected), describe(current));

/**
 * The same refusal from revisions already in words ("no-stream", "exists", "any", "revision
 * 3"), as a server reports them.
 */
export const revisionConflict = (streamId: string, expected: string, actual: string): ConcurrencyError =>
  new ConcurrencyError(`stream ${streamId} is at ${actual}, expected ${expected}`, { streamId, expected, actual });

const describe = (revision: ExpectedRevision | undefined): string =>
  revision === undefined ? 'no-stream' : typeof revision === 'bigint' ? `revision ${revision}` : revision;
