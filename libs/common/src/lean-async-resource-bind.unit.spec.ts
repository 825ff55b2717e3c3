import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';

describe('installLeanAsyncResourceBind', () => {
  const original = AsyncResource.prototype.bind;
  afterAll(() => {
    AsyncResource.prototype.bind = original;
  });

  describe('on Node 22 or later', () => {
    it('leaves bind as it is', () => {
      expect(installLeanAsyncResourceBind('22.1.0')).toBe(false);
      expect(AsyncResource.prototype.bind).toBe(original);
    });
  });

  describe('on Node 20', () => {
    beforeAll(() => expect(installLeanAsyncResourceBind('20.20.2')).toBe(true));

    it('runs the function in the async scope the resource was made in, with its arguments and result', () => {
      const storage = new AsyncLocalStorage<string>();
      const bound = storage.run('request-1', () =>
        new AsyncResource('test').bind((a: number, b: number) => `${storage.getStore()}:${a + b}`),
      );
      const answer = storage.run('request-2', () => bound(2, 3));
      expect(answer).toBe('request-1:5');
      expect(bound.length).toBe(2);
      expect(Object.keys(bound)).toEqual([]);
    });

    it('calls with thisArg when given, else with the caller\u2019s this', () => {
      function who(this: { name: string } | undefined) {
        return this?.name;
      }
      const resource = new AsyncResource('test');
      // Node's own types declare only `fn`; the second argument is in its documentation.
      const bindWith = resource.bind.bind(resource) as unknown as (fn: unknown, thisArg: unknown) => () => string | undefined;
      const given = bindWith(who, { name: 'given' });
      expect(given()).toBe('given');
      const holder = { name: 'caller', who: resource.bind(who) };
      expect(holder.who()).toBe('caller');
    });

    it('refuses what is not a function', () => {
      expect(() => new AsyncResource('test').bind(42 as never)).toThrow(TypeError);
    });
  });
});
