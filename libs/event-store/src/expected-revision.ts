import { ConcurrencyError } from '@policy/domain';
import { ExpectedRevision } from './event-store.port';

/**
 * Checks an expected revision against a stream's current one (undefined: no stream).
 * Shared by adapters that check it themselves; KurrentDB checks it on the server.
 */
export const checkExpectedRevision = (
  streamId: string,
  expected: ExpectedRevision,
  current: bigint | undefined,
): void => {
  const ok =
    expected === 'any' ||
    (expected === 'no-stream' && current === undefined) ||
    (expected === 'exists' && current !== undefined) ||
    (typeof expected === 'bigint' && current === expected);
  if (!ok) {
    throw new ConcurrencyError(
      `stream ${streamId} is at ${describe(current)}, expected ${describe(expected)}`,
      { streamId, expected: describe(expected), actual: describe(current) },
    );
  }
};

const describe = (revision: ExpectedRevision | undefined): string =>
  revision === undefined ? 'no-stream' : typeof revision === 'bigint' ? `revision ${revision}` : revision;
