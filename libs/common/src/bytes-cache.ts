import { LRUCache } from 'lru-cache';

/**
 * Texts kept as bytes outside the JS heap, by key, up to `maxBytes` (least recently used go
 * first): the JSON of rule versions that answers hand out again and again. Kept on the heap as
 * strings they would lengthen every young-generation collection, which walks every old-space
 * page (about 0.4 ms more per 100 MiB of heap, measured on the bench's VM).
 */
export class BytesCache<K extends string | number> {
  private readonly kept: LRUCache<K, Buffer>;

  constructor(maxBytes: number) {
    this.kept = new LRUCache<K, Buffer>({ maxSize: maxBytes, sizeCalculation: (bytes) => Math.max(1, bytes.length) });
  }

  get(key: K): Buffer | undefined {
    return this.kept.get(key);
  }

  /** Keeps `text` under `key` and returns its bytes. */
  keep(key: K, text: string): Buffer {
    // A buffer of its own: `Buffer.from` slices a shared 8 KiB pool for short texts, keeping all of it alive.
    const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
    bytes.write(text, 0);
    this.kept.set(key, bytes);
    return bytes;
  }

  clear(): void {
    this.kept.clear();
  }
}
