import { timeOrderedUuid } from './time-ordered-uuid';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID of the RFC 9562 variant', () => {
    expect(timeOrderedUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carries the time in milliseconds in its first 48 bits', () => {
    const ms = Date.UTC(2025, 11, 9, 12, 0, 0, 123);
    const id = timeOrderedUuid(ms);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts by the time it was made, as text', () => {
    const ids = [3, 1, 2].map((i) => timeOrderedUuid(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('is new each time within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => timeOrderedUuid(1_700_000_000_000));
    expect(new Set(ids).size).toBe(1000);
  });
});
