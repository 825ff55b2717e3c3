import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import { toStreamState } from './kurrentdb-expected-revision';

describe('KurrentDB mapping', () => {
  describe('expected revision', () => {
    it.each([
      ['no-stream', NO_STREAM],
      ['exists', STREAM_EXISTS],
      ['any', ANY],
    ] as const)('maps %s to the client’s %s', (expected, state) => {
      expect(toStreamState(expected)).toBe(state);
    });

    it('passes a revision through as the bigint the client expects', () => {
      expect(toStreamState(7n)).toBe(7n);
    });

    it('refuses a negative revision, which the server would read as a named state', () => {
      expect(() => toStreamState(-1n)).toThrow(RangeError);
    });
  });
});
