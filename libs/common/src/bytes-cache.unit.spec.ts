import { BytesCache } from './bytes-cache';

describe('BytesCache', () => {
  describe('given a text kept under a key', () => {
    it('hands back its UTF-8 bytes, in a buffer of their own', () => {
      const cache = new BytesCache<string>(1024);

      const kept = cache.keep('rule-a\u00001', '{"title":"Blackwell ≤ 18k"}');

      expect(cache.get('rule-a\u00001')).toBe(kept);
      expect(kept.toString('utf8')).toBe('{"title":"Blackwell ≤ 18k"}');
      expect(kept.buffer.byteLength).toBe(kept.length);
    });
  });

  describe('when more bytes are kept than it may hold', () => {
    it('lets the least recently used go first', () => {
      const cache = new BytesCache<number>(10);
      cache.keep(1, 'aaaa');
      cache.keep(2, 'bbbb');
      cache.get(1);

      cache.keep(3, 'cccc');

      expect([cache.get(1)?.toString(), cache.get(2), cache.get(3)?.toString()]).toEqual(['aaaa', undefined, 'cccc']);
    });
  });

  describe('when cleared', () => {
    it('keeps nothing', () => {
      const cache = new BytesCache<number>(10);
      cache.keep(1, 'aaaa');

      cache.clear();

      expect(cache.get(1)).toBeUndefined();
    });
  });
});
