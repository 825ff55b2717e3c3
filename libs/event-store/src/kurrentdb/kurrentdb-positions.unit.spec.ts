import { fromKurrentPosition, MAX_LOG_POSITION, toKurrentPosition } from './kurrentdb-positions';

describe('KurrentDB mapping', () => {
  describe('positions', () => {
    it('sends a port position as a commit/prepare pair with both halves equal', () => {
      expect(toKurrentPosition(123_456n)).toEqual({ commit: 123_456n, prepare: 123_456n });
    });

    it.each([0n, 1n, 2n ** 53n + 1n, MAX_LOG_POSITION])('round-trips %p without loss', (position) => {
      expect(fromKurrentPosition(toKurrentPosition(position), 'e')).toBe(position);
    });

    it('keeps the order of the log: a later event has a larger port position', () => {
      const earlier = fromKurrentPosition({ commit: 1_000n, prepare: 1_000n }, 'a');
      const later = fromKurrentPosition({ commit: 1_200n, prepare: 1_200n }, 'b');
      expect(later > earlier).toBe(true);
    });

    it.each([-1n, MAX_LOG_POSITION + 1n])('refuses %p, which is outside the log', (position) => {
      expect(() => toKurrentPosition(position)).toThrow(RangeError);
    });

    it('refuses an explicit-transaction position (commit ≠ prepare) rather than dropping half of it', () => {
      expect(() => fromKurrentPosition({ commit: 900n, prepare: 700n }, 'event x')).toThrow(
        /event x has commit position 900 ≠ prepare position 700/,
      );
    });

    it('refuses the server’s “no position” marker and a missing position', () => {
      const unknown = 2n ** 64n - 1n;
      expect(() => fromKurrentPosition({ commit: unknown, prepare: unknown }, 'event y')).toThrow(/no known log position/);
      expect(() => fromKurrentPosition(undefined, 'event z')).toThrow(/without a log position/);
    });
  });
});
