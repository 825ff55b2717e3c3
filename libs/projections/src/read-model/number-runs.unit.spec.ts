import { seededRandom } from '@policy/testkit';
import { NumberRun, NumberRuns } from './number-runs';

const contents = (run: NumberRun): number[] => [...run.slab.subarray(run.offset, run.offset + run.length)];

/** Appends `values` to the run as VersionIndex does: room first, then the numbers. */
const append = (runs: NumberRuns, run: NumberRun, values: number[]): void => {
  runs.reserve(run, values.length);
  run.slab.set(values, run.offset + run.length);
  run.length += values.length;
  runs.grew(values.length);
};

const newRun = (runs: NumberRuns, room: number): NumberRun => {
  const [slab, offset] = runs.place(room);
  return { slab, offset, length: 0, room };
};

describe('NumberRuns', () => {
  describe('given many runs growing in random turns', () => {
    it('holds exactly what an array per run would, through moves and a compaction', () => {
      const random = seededRandom(11);
      const runs = new NumberRuns();
      const owned = Array.from({ length: 300 }, () => ({ run: newRun(runs, 2), model: [] as number[] }));
      for (let step = 0; step < 20_000; step++) {
        const { run, model } = owned[Math.floor(random() * owned.length)];
        const values = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 1e12));
        append(runs, run, values);
        model.push(...values);
        if (step === 12_000) runs.compact(owned.map((o) => o.run));
      }
      for (const { run, model } of owned) expect(contents(run)).toEqual(model);
      // No two runs share numbers.
      const spans = owned.map(({ run }) => [run.slab, run.offset, run.offset + run.room] as const);
      for (const [i, [slab, from, to]] of spans.entries()) {
        for (const [other, start, end] of spans.slice(i + 1)) if (other === slab) expect(end <= from || start >= to).toBe(true);
      }
    });
  });

  describe('when the run last placed grows', () => {
    it('grows in place, leaving nothing behind', () => {
      const runs = new NumberRuns();
      const run = newRun(runs, 2);
      const { slab, offset } = run;
      append(runs, run, [1, 2, 3, 4, 5]);
      expect([run.slab === slab, run.offset]).toEqual([true, offset]);
      expect(contents(run)).toEqual([1, 2, 3, 4, 5]);
    });
  });

  describe('when moved runs leave more room behind than is in use', () => {
    it('says so, and not after compacting', () => {
      const runs = new NumberRuns();
      const all = Array.from({ length: 20_000 }, () => newRun(runs, 1));
      for (let round = 0; round < 10 && !runs.wasteful(); round++) for (const run of all) append(runs, run, Array(round + 1).fill(round));
      expect(runs.wasteful()).toBe(true);
      runs.compact(all);
      expect(runs.wasteful()).toBe(false);
      expect(contents(all[7]).slice(0, 3)).toEqual([0, 1, 1]);
    });
  });
});
