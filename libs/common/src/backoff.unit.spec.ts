import { backoffDelay, sleep } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 1000 };

  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('stays finite for absurd attempt counts', () => {
    expect(backoffDelay(10_000, policy)).toBe(1000);
  });

  it('with jitter takes a random share of the delay', () => {
    expect(backoffDelay(3, { ...policy, jitter: true }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, { ...policy, jitter: true }, () => 0)).toBe(0);
  });
});

describe('sleep', () => {
  it('resolves at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(60_000, controller.signal)).resolves.toBeUndefined();
  });
});
