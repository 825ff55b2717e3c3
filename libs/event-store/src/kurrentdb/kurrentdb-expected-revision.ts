import { ANY, NO_STREAM, STREAM_EXISTS, type AppendStreamState, type CurrentStreamState } from '@kurrent/kurrentdb-client';
import { assertNever } from '@policy/domain';
import type { ExpectedRevision } from '../event-store.port';

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
