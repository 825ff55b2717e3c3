import { ServiceUnavailableError } from '@policy/domain';
import { storeUnavailable, withDeadline } from './kurrentdb-deadline';

/** A read whose first `answered` batches arrive and whose next one never does (a stalled server). */
const stalling = (answered: number) => {
  const state = { returned: false };
  const iterable: AsyncIterable<number> = {
    [Symbol.asyncIterator]: () => {
      let n = 0;
      return {
        next: () => (n < answered ? Promise.resolve({ done: false, value: n++ }) : new Promise<IteratorResult<number>>(() => undefined)),
        return: async () => {
          state.returned = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, state };
};

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('when the server stalls', () => {
    it('hands over what arrived, then fails with the store unavailable and releases the call', async () => {
      const { iterable, state } = stalling(2);
      const seen: number[] = [];
      const reading = (async () => {
        for await (const value of withDeadline(iterable, 1000, () => storeUnavailable('kurrentdb://db:2113', 'no answer')))
          seen.push(value);
      })();
      const outcome = reading.then(
        () => 'finished',
        (error: unknown) => error,
      );
      await jest.advanceTimersByTimeAsync(1000);
      const error = await outcome;
      expect(seen).toEqual([0, 1]);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as ServiceUnavailableError).code).toBe('store_unavailable');
      expect((error as Error).message).toContain('KurrentDB at kurrentdb://db:2113');
      expect(state.returned).toBe(true);
    });
  });

  describe('when the server answers', () => {
    it('reads to the end without failing, however long the whole read takes', async () => {
      const values = [1, 2, 3];
      const iterable: AsyncIterable<number> = {
        [Symbol.asyncIterator]: () => ({
          next: () =>
            new Promise((resolve) =>
              setTimeout(() => resolve(values.length ? { done: false, value: values.shift()! } : { done: true, value: undefined }), 600),
            ),
        }),
      };
      const seen: number[] = [];
      const reading = (async () => {
        for await (const value of withDeadline(iterable, 1000, () => new Error('timed out'))) seen.push(value);
      })();
      await jest.advanceTimersByTimeAsync(2400);
      await reading;
      expect(seen).toEqual([1, 2, 3]);
    });
  });
});
