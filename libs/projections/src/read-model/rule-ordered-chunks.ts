/** What the chunks order: anything with a rule id. */
export interface HasRuleId {
  readonly id: string;
}

/** Entries per chunk at most: an insert or removal moves at most this many. */
const CHUNK = 1024;

/** Never empty: a chunk whose last entry goes is dropped. */
interface Chunk<R> {
  readonly rules: R[];
  /**
   * `width` numbers per entry (`rules.length` of them used), the first of them its revision
   * (width 0: rules alone). Outside the JS heap, as the versions are (see NumberRuns).
   */
  data: Float64Array;
}

/** A chunk's numbers with room for `entries` entries: twice what it holds, at least 4, at most a full chunk's. */
const withRoom = (data: Float64Array, used: number, width: number, entries: number): Float64Array => {
  const room = new Float64Array(Math.max(4, entries, Math.min(CHUNK + 1, 2 * (used / width))) * width);
  room.set(data.subarray(0, used));
  return room;
};

const EMPTY = new Float64Array(0);

/**
 * Entries in (rule id, revision) order, kept in chunks of at most CHUNK: one sorted array of
 * 100,000 rules or of a popular word's 25,000 tags cost 100–300 µs to insert into the middle of
 * (a new rule with a random id), on the write path's event loop; a chunk costs a few µs.
 * An entry is a rule and `width` numbers, the first of which is its revision.
 */
export class RuleOrderedChunks<R extends HasRuleId> {
  private readonly chunks: Chunk<R>[] = [];
  private count = 0;

  constructor(private readonly width: number) {}

  get size(): number {
    return this.count;
  }

  /**
   * Calls `visit` with each entry whose rule id is after `after` (all, without), in order, until
   * it returns false; `data[at]` onwards are the entry's numbers.
   */
  forEach(after: string | undefined, visit: (rule: R, data: Float64Array, at: number) => boolean): void {
    let [c, o] = after === undefined ? [0, 0] : this.seek(after, Infinity);
    for (; c < this.chunks.length; c++, o = 0) {
      const { rules, data } = this.chunks[c];
      for (; o < rules.length; o++) if (!visit(rules[o], data, o * this.width)) return;
    }
  }

  /** Whether the rule has an entry with this revision. */
  has(rule: R, revision: number): boolean {
    const [c, o] = this.seek(rule.id, revision, false);
    const chunk = this.chunks[c];
    return chunk !== undefined && chunk.rules[o] === rule && this.revisionAt(chunk, o) === revision;
  }

  /** Adds an entry after those with the same key; `values` are its `width` numbers. */
  insert(rule: R, values: readonly number[]): void {
    const width = this.width;
    const revision = width === 0 ? 0 : values[0];
    this.count++;
    if (this.chunks.length === 0) {
      const data = width === 0 ? EMPTY : new Float64Array(4 * width);
      data.set(values);
      this.chunks.push({ rules: [rule], data });
      return;
    }
    const tail = this.chunks[this.chunks.length - 1];
    // Rows loaded from a file come in order: appended without a search.
    let [c, o] = this.atOrBefore(tail, tail.rules.length - 1, rule.id, revision) ? [this.chunks.length, 0] : this.seek(rule.id, revision);
    if (c === this.chunks.length) {
      c = this.chunks.length - 1;
      o = this.chunks[c].rules.length;
    }
    const chunk = this.chunks[c];
    const used = chunk.rules.length * width;
    if (used + width > chunk.data.length) chunk.data = withRoom(chunk.data, used, width, chunk.rules.length + 1);
    if (o < chunk.rules.length) chunk.data.copyWithin((o + 1) * width, o * width, used);
    chunk.data.set(values, o * width);
    if (o === chunk.rules.length) chunk.rules.push(rule);
    else chunk.rules.splice(o, 0, rule);
    if (chunk.rules.length > CHUNK) {
      const half = chunk.rules.length >> 1;
      const rules = chunk.rules.splice(half);
      const moved = chunk.data.subarray(half * width, (half + rules.length) * width);
      const data = width === 0 ? EMPTY : withRoom(moved, moved.length, width, rules.length);
      this.chunks.splice(c + 1, 0, { rules, data });
    }
  }

  /** Removes the rule's entry with this revision (with width 0, the rule), if there is one. */
  remove(rule: R, revision = 0): void {
    const [c, o] = this.seek(rule.id, revision, false);
    const chunk = this.chunks[c];
    if (chunk === undefined || chunk.rules[o] !== rule || this.revisionAt(chunk, o) !== revision) return;
    chunk.data.copyWithin(o * this.width, (o + 1) * this.width, chunk.rules.length * this.width);
    chunk.rules.splice(o, 1);
    this.count--;
    if (chunk.rules.length === 0) this.chunks.splice(c, 1);
  }

  /** The entry's key is at most (ruleId, revision). */
  private atOrBefore(chunk: Chunk<R>, offset: number, ruleId: string, revision: number): boolean {
    const id = chunk.rules[offset].id;
    return id !== ruleId ? id < ruleId : this.revisionAt(chunk, offset) <= revision;
  }

  /** The entry's key is below (ruleId, revision). */
  private isBefore(chunk: Chunk<R>, offset: number, ruleId: string, revision: number): boolean {
    const id = chunk.rules[offset].id;
    return id !== ruleId ? id < ruleId : this.revisionAt(chunk, offset) < revision;
  }

  private revisionAt(chunk: Chunk<R>, offset: number): number {
    return this.width === 0 ? 0 : chunk.data[offset * this.width];
  }

  /**
   * The place of the first entry after the key (or, not `after`, at or after it), as chunk and
   * offset; the chunk is `chunks.length` when every entry comes before.
   */
  private seek(ruleId: string, revision: number, after = true): [number, number] {
    const before = (chunk: Chunk<R>, offset: number): boolean =>
      after ? this.atOrBefore(chunk, offset, ruleId, revision) : this.isBefore(chunk, offset, ruleId, revision);
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const chunk = this.chunks[mid];
      if (before(chunk, chunk.rules.length - 1)) low = mid + 1;
      else high = mid;
    }
    if (low === this.chunks.length) return [low, 0];
    const chunk = this.chunks[low];
    let first = 0;
    let last = chunk.rules.length;
    while (first < last) {
      const mid = (first + last) >>> 1;
      if (before(chunk, mid)) first = mid + 1;
      else last = mid;
    }
    return [low, first];
  }
}
