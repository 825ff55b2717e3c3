import { ConcurrencyError } from '@policy/domain';
import { ExpectedRevision } from './event-store.port';

/**
 * The refusal of an append whose stream is not where the caller expected (undefined: no
 * stream), worded the same by every adapter that checks it itself; KurrentDB checks it on
 * the server.
 */
export const concurrencyError = (streamId: string, expected: ExpectedRevision, current: bigint | undefined): ConcurrencyError =>
  new ConcurrencyError(`stream ${streamId} is at ${describe(current)}, expected ${describe(expected)}`, {
    streamId,
    expected: describe(expected),
    actual: describe(current),
  });

const describe = (revision: ExpectedRevision | undefined): string =>
  revision === undefined ? 'no-stream' : typeof revision === 'bigint' ? `revision ${revision}` : revision;
