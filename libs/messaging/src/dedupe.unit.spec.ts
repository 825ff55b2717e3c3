import { isDuplicate, memoryRevisionTracker } from './dedupe';

describe('dedupe by (ruleId, revision)', () => {
  it('passes a rule’s first revision and anything above the highest applied', () => {
    const tracker = memoryRevisionTracker();
    expect(isDuplicate(tracker, 'a', 0)).toBe(false);
    tracker.record('a', 0);
    expect(isDuplicate(tracker, 'a', 1)).toBe(false);
    expect(isDuplicate(tracker, 'b', 0)).toBe(false);
  });

  it('drops a revision at or below the highest applied: a redelivery after a relay restart', () => {
    const tracker = memoryRevisionTracker();
    for (const revision of [0, 1, 2]) tracker.record('a', revision);
    expect([0, 1, 2, 3].map((revision) => isDuplicate(tracker, 'a', revision))).toEqual([true, true, true, false]);
  });

  it('never moves the highest revision back', () => {
    const tracker = memoryRevisionTracker([['a', 5]]);
    tracker.record('a', 3);
    expect(tracker.highest('a')).toBe(5);
  });

  it('replays a redelivered stretch as a consumer sees it: each revision applied once', () => {
    const tracker = memoryRevisionTracker();
    const applied: number[] = [];
    for (const revision of [0, 1, 2, 1, 2, 3, 3, 4]) {
      if (isDuplicate(tracker, 'a', revision)) continue;
      applied.push(revision);
      tracker.record('a', revision);
    }
    expect(applied).toEqual([0, 1, 2, 3, 4]);
  });
});
