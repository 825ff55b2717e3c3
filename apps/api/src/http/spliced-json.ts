import { randomUUID } from 'node:crypto';

/**
 * Stands in for an array whose items are already JSON text. A random id per process: no request
 * can know it, so no string a client sends can be mistaken for it (and `encode` checks anyway).
 */
const HOLE = `\u0000spliced-${randomUUID()}`;
const HOLE_JSON = JSON.stringify(HOLE);

/**
 * `JSON.stringify` of an answer as bytes, with some of its arrays written from JSON kept
 * from earlier answers: the rules of a screening answer are most of its bytes, and the same
 * rule versions come back request after request. Stringifying them again, then copying the
 * string behind the response's headers, was most of what a one-line evaluation allocated
 * (about 70 of 140 KiB), and so most of its young-generation collections.
 *
 * The shell (the answer with `hole(...)` in those arrays' places) is stringified natively; the
 * result is written once into a buffer outside the JS heap, the kept bytes copied in between.
 */
export class SplicedJson {
  private readonly fills: (readonly Buffer[])[] = [];

  /** Put the returned value where an array of these JSON texts goes. */
  hole(items: readonly Buffer[]): string {
    this.fills.push(items);
    return HOLE;
  }

  /** The bytes `JSON.stringify` would give of the shell with each hole's array in its place. */
  encode(shell: unknown): Buffer {
    const parts = JSON.stringify(shell).split(HOLE_JSON);
    if (parts.length !== this.fills.length + 1) throw new Error('a spliced JSON hole was not found exactly once in its shell');
    let length = 0;
    for (const part of parts) length += Buffer.byteLength(part);
    for (const items of this.fills) {
      length += 2 + Math.max(0, items.length - 1);
      for (const item of items) length += item.length;
    }
    const out = Buffer.allocUnsafe(length);
    let at = out.write(parts[0], 0);
    for (const [i, items] of this.fills.entries()) {
      out[at++] = 0x5b; // [
      for (const [j, item] of items.entries()) {
        if (j > 0) out[at++] = 0x2c; // ,
        at += item.copy(out, at);
      }
      out[at++] = 0x5d; // ]
      at += out.write(parts[i + 1], at);
    }
    return out;
  }
}
