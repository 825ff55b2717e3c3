import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now = 0;
  const limiter = () => new RateLimiter(10, () => now);

  beforeEach(() => {
    now = 0;
  });

  it('allows a burst of twice the rate, then asks the next request to wait', () => {
    const limits = limiter();
    const answers = Array.from({ length: 21 }, () => limits.take('a'));

    expect(answers.slice(0, 20).every((wait) => wait === 0)).toBe(true);
    expect(answers[20]).toBe(1);
  });

  it('refills at the rate: a tenth of a second later one more request passes', () => {
    const limits = limiter();
    for (let i = 0; i < 20; i++) limits.take('a');

    now = 100;
    expect(limits.take('a')).toBe(0);
    expect(limits.take('a')).toBe(1);
  });

  it('keeps one bucket per name', () => {
    const limits = limiter();
    for (let i = 0; i < 20; i++) limits.take('a');

    expect(limits.take('a')).toBe(1);
    expect(limits.take('b')).toBe(0);
  });

  it('says how long to wait in whole seconds, at least one', () => {
    const slow = new RateLimiter(0.25, () => now);
    slow.take('a');

    expect(slow.take('a')).toBe(4);
  });

  it('limits nothing at a rate of 0', () => {
    const off = new RateLimiter(0, () => now);

    expect(Array.from({ length: 1000 }, () => off.take('a')).every((wait) => wait === 0)).toBe(true);
  });
});
