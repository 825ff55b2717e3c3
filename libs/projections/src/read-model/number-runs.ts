/** Numbers per slab: 8 MiB. A longer run gets a slab of its own. */
const SLAB = 1 << 20;

/** Where one owner's numbers are: `length` of them used, room for `room`, at `offset` in `slab`. */
export interface NumberRun {
  slab: Float64Array;
  offset: number;
  length: number;
  room: number;
}

/**
 * Runs of numbers (one per rule: its versions' numbers) packed into large Float64Arrays, outside
 * the JS heap. Held as a JS array each, the index's million versions were most of a 400 MiB heap,
 * and every young-generation collection walks every old-space page: its pauses went from about
 * 0.4 to 1.3 ms with the index loaded, which was one client's p99. A run that outgrows its room
 * moves to the end of the current slab with twice the room; the room it leaves is counted and
 * taken back by `compact`.
 */
export class NumberRuns {
  private slab = new Float64Array(SLAB);
  private used = 0;
  /** Numbers left behind by moved runs, and the numbers in use: when to compact. */
  private abandoned = 0;
  private live = 0;

  /** Makes room for `more` numbers after the run's last, moving it if it must. */
  reserve(run: NumberRun, more: number): void {
    const needed = run.length + more;
    if (needed <= run.room) return;
    // The run ends where the slab's free space starts: it grows in place.
    if (run.slab === this.slab && run.offset + run.room === this.used && this.used - run.room + needed <= SLAB) {
      this.used += needed - run.room;
      run.room = needed;
      return;
    }
    const room = Math.max(needed, run.room * 2);
    const [slab, offset] = this.place(room);
    slab.set(run.slab.subarray(run.offset, run.offset + run.length), offset);
    this.abandoned += run.room;
    run.slab = slab;
    run.offset = offset;
    run.room = room;
  }

  /** Tells the store how many numbers a run gained (or, negative, lost). */
  grew(by: number): void {
    this.live += by;
  }

  /** Whether abandoned room is now more than half of what is in use (and worth a pass over every run). */
  wasteful(): boolean {
    return this.abandoned > SLAB && this.abandoned * 2 > this.live;
  }

  /** Copies every run, in the order given, into fresh slabs with room for what it holds. */
  compact(runs: Iterable<NumberRun>): void {
    this.slab = new Float64Array(SLAB);
    this.used = 0;
    this.abandoned = 0;
    for (const run of runs) {
      const room = Math.max(run.length, 1);
      const [slab, offset] = this.place(room);
      slab.set(run.slab.subarray(run.offset, run.offset + run.length), offset);
      run.slab = slab;
      run.offset = offset;
      run.room = room;
    }
  }

  /** Room for a new run of up to `room` numbers (then `length` 0 and `room` this). */
  place(room: number): [Float64Array, number] {
    if (room > SLAB / 4) return [new Float64Array(room), 0];
    if (this.used + room > SLAB) {
      this.slab = new Float64Array(SLAB);
      this.used = 0;
    }
    const offset = this.used;
    this.used += room;
    return [this.slab, offset];
  }
}
