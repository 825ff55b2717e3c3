import {
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendStreamState,
  type CurrentStreamState,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError } from '@policy/domain';
import { isStreamNotFound, translateAppendError } from './kurrentdb-errors';

const wrongExpectedVersion = (expected: AppendStreamState, current: CurrentStreamState) =>
  new WrongExpectedVersionError(undefined, { streamName: 'policy-rule-r1', expected, current });

describe('KurrentDB mapping', () => {
  describe('append errors', () => {
    it.each([
      [0n, 3n, 'stream policy-rule-r1 is at revision 3, expected revision 0'],
      [NO_STREAM, 0n, 'stream policy-rule-r1 is at revision 0, expected no-stream'],
      [STREAM_EXISTS, NO_STREAM, 'stream policy-rule-r1 is at no-stream, expected exists'],
      [-1n, 4n, 'stream policy-rule-r1 is at revision 4, expected no-stream'],
    ] as const)('turns WrongExpectedVersionError(expected %p, actual %p) into a ConcurrencyError', (expected, current, message) => {
      const translated = translateAppendError(wrongExpectedVersion(expected, current), 'policy-rule-r1');
      expect(translated).toBeInstanceOf(ConcurrencyError);
      expect(translated).toMatchObject({ kind: 'concurrency', code: 'concurrent_change', message });
    });

    it('names stream, expected and actual in the details, as the SQLite adapter does', () => {
      const translated = translateAppendError(wrongExpectedVersion(2n, NO_STREAM), 'policy-rule-r1') as ConcurrencyError;
      expect(translated.details).toEqual({ streamId: 'policy-rule-r1', expected: 'revision 2', actual: 'no-stream' });
    });

    it('leaves any other failure as it is', () => {
      const deleted = StreamDeletedError.fromStreamName('policy-rule-r1');
      expect(translateAppendError(deleted, 'policy-rule-r1')).toBe(deleted);
      const plain = new Error('connection refused');
      expect(translateAppendError(plain, 'policy-rule-r1')).toBe(plain);
    });

    it('recognises a missing stream, by class and by the client’s type tag', () => {
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 'policy-rule-r1'))).toBe(true);
      expect(isStreamNotFound(Object.assign(new Error('gone'), { type: 'stream-not-found' }))).toBe(true);
      expect(isStreamNotFound(new Error('gone'))).toBe(false);
    });
  });
});
