import { PositionWaiters } from './position-waiters';

describe('PositionWaiters', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers true at once for a position already reached', async () => {
    await expect(new PositionWaiters().wait(3n, 5n, 100)).resolves.toBe(true);
  });

  it('wakes a waiter once its position is reached, and not before', async () => {
    const waiters = new PositionWaiters();
    let woken = false;
    const waiting = waiters.wait(4n, undefined, 100).then((reached) => (woken = reached));
    waiters.reach(undefined);
    waiters.reach(3n);
    await Promise.resolve();
    expect(woken).toBe(false);
    waiters.reach(4n);
    await waiting;
    expect(woken).toBe(true);
  });

  it('answers false after the timeout, and forgets the waiter', async () => {
    const waiters = new PositionWaiters();
    const waiting = waiters.wait(4n, 1n, 100);
    jest.advanceTimersByTime(100);
    await expect(waiting).resolves.toBe(false);
    expect(() => waiters.reach(9n)).not.toThrow();
  });
});
