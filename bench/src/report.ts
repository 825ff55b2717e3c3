import { round } from './bench-numbers';
import { LoadResult } from './load-client';
import { PipelineResult } from './pipeline';
import { RebuildResult } from './store-runs';
import { TARGET } from './targets';

/** One row of the results table: a measure, its target, and a baseline from the same run. */
export interface Figure {
  readonly measure: string;
  readonly result: string;
  readonly target: string;
  /** `null` where there is no pass/fail target (a context row). */
  readonly meets: boolean | null;
  readonly baseline: string;
  readonly ratio: string;
}

export interface Measurements {
  readonly clients: number;
  readonly hotRuleEvents: number;
  readonly phases: Record<string, LoadResult>;
  readonly coldReplayMs: number;
  readonly ceiling: { batchedPerSecond: number; perCommitPerSecond: number };
  readonly inProcess: PipelineResult;
  readonly naiveHot: { p50Ms: number };
  readonly rebuilt: RebuildResult;
  readonly servicePeakRssMb: number;
  readonly servicePeakAnonMb: number;
  readonly storeBytes: number;
  readonly kafka: Figure;
}

const ms = (r: LoadResult) => `${r.p50Ms} / ${r.p99Ms} ms`;
const withRate = (r: LoadResult) => `${ms(r)} at ${r.perSecond}/s`;

/** A one-client read or write held to the p99 target, against the empty route as its floor. */
const oneClientFigure = (measure: string, r: LoadResult, target: number, floor: LoadResult, against: 'p50Ms' | 'p99Ms'): Figure => ({
  measure,
  result: withRate(r),
  target: `p99 <= ${target} ms`,
  meets: r.p99Ms <= target,
  baseline: `empty route ${ms(floor)}`,
  ratio: `${round(r[against] / floor[against], 1)}x floor ${against === 'p50Ms' ? 'p50' : 'p99'}`,
});

export const figures = (m: Measurements): Figure[] => {
  const { clients, ceiling, inProcess, naiveHot, rebuilt } = m;
  const p = (name: string) => m.phases[name];
  const many = (name: string) => m.phases[`${name}, ${clients} clients`];
  const single = (name: string) => m.phases[`${name}, 1 client`];
  const append = many('appends');
  const storeMb = m.storeBytes / 2 ** 20;
  return [
    {
      measure: `HTTP appends, ${clients} clients, closed loop: throughput`,
      result: `${append.perSecond}/s`,
      target: `>= ${TARGET.appendPerSecond}/s`,
      meets: append.perSecond >= TARGET.appendPerSecond && append.errors === 0,
      baseline: `bare SQLite insert ${ceiling.batchedPerSecond}/s (1 commit/row ${ceiling.perCommitPerSecond}/s); the write path without HTTP ${inProcess.perSecond}/s; a POST refused at validation ${many('refused post').perSecond}/s; empty route ${many('floor').perSecond}/s`,
      ratio: `${round(append.perSecond / ceiling.batchedPerSecond, 3)}x insert ceiling; ${round(append.perSecond / inProcess.perSecond, 2)}x without HTTP; ${round(append.perSecond / many('refused post').perSecond, 2)}x refused POST`,
    },
    {
      // In a closed loop each answer waits for those ahead of it: p50 ~ clients / throughput.
      measure: `HTTP appends, ${clients} clients, closed loop: p50 / p99`,
      result: ms(append),
      target: `(queue of ${clients}: p50 ~ ${round((clients / Math.max(1, append.perSecond)) * 1000, 1)} ms)`,
      meets: null,
      baseline: `empty route ${ms(many('floor'))}`,
      ratio: `${round(append.p99Ms / many('floor').p99Ms, 1)}x floor p99`,
    },
    oneClientFigure('HTTP appends, 1 client: p50 / p99', single('appends'), TARGET.appendP99Ms, single('floor'), 'p99Ms'),
    {
      measure: 'GET /rules/:id?asOf&knownAt, 1 client: p50 / p99',
      result: withRate(single('rule at')),
      target: `p99 <= ${TARGET.queryP99Ms} ms`,
      meets: single('rule at').p99Ms <= TARGET.queryP99Ms,
      baseline: `fold from log ${ms(single('naive rule at'))}`,
      ratio: `${round(single('naive rule at').p99Ms / single('rule at').p99Ms, 1)}x faster at p99; ${round(single('rule at').p50Ms / single('floor').p50Ms, 1)}x floor p50`,
    },
    {
      measure: `GET /rules/:id?asOf&knownAt, ${clients} clients: p50 / p99`,
      result: withRate(many('rule at')),
      target: `p99 <= ${TARGET.queryP99Ms} ms`,
      meets: many('rule at').p99Ms <= TARGET.queryP99Ms,
      baseline: `fold from log ${withRate(many('naive rule at'))}`,
      ratio: `${round(many('rule at').perSecond / many('naive rule at').perSecond, 1)}x the throughput; ${round(many('rule at').perSecond / many('floor').perSecond, 2)}x empty route`,
    },
    oneClientFigure(
      'GET /rules?asOf&destination (100 per page), 1 client: p50 / p99',
      single('list'),
      TARGET.queryP99Ms,
      single('floor'),
      'p50Ms',
    ),
    {
      measure: `GET /rules?asOf&destination (100 per page), ${clients} clients: p50 / p99`,
      result: withRate(many('list')),
      target: `p99 <= ${TARGET.queryP99Ms} ms`,
      meets: many('list').p99Ms <= TARGET.queryP99Ms,
      baseline: `empty route ${withRate(many('floor'))}`,
      ratio: `${round(many('list').perSecond / many('floor').perSecond, 3)}x empty route`,
    },
    {
      measure: `?consistency=replay of a ${m.hotRuleEvents}-event rule, 1 client: p50 / p99`,
      result: `${ms(p('long replay, 1 client'))} (first, before any snapshot: ${m.coldReplayMs} ms)`,
      target: 'stays fast',
      meets: null,
      baseline: `fold of its whole log ${naiveHot.p50Ms} ms`,
      ratio: `${round(naiveHot.p50Ms / p('long replay, 1 client').p50Ms, 1)}x faster at p50`,
    },
    {
      measure: 'full rebuild of the read model (npm run rebuild)',
      result: `${rebuilt.eventsPerSecond} events/s (${rebuilt.events} in ${round(rebuilt.elapsedMs / 1000, 1)} s)`,
      target: `>= ${TARGET.rebuildPerSecond} events/s`,
      meets: rebuilt.eventsPerSecond >= TARGET.rebuildPerSecond,
      baseline: `bare SQLite insert ${ceiling.batchedPerSecond} rows/s`,
      ratio: `${round(rebuilt.eventsPerSecond / ceiling.batchedPerSecond, 2)}x insert ceiling`,
    },
    {
      measure: 'peak RSS: service during the run / rebuild',
      result: `${m.servicePeakRssMb} MiB (anonymous ${m.servicePeakAnonMb}) / ${rebuilt.peakRssMb} MiB (anonymous ${rebuilt.peakAnonMb})`,
      target: 'bounded (log streamed)',
      meets: null,
      baseline: `event store file ${round(storeMb, 0)} MiB`,
      ratio: `${round(m.servicePeakRssMb / storeMb, 2)}x the log's size`,
    },
    {
      measure: `framework floor: empty route (GET /docs), 1 / ${clients} clients; POST refused at validation, ${clients} clients`,
      result: `${ms(single('floor'))}; ${withRate(many('floor'))}; ${withRate(many('refused post'))}`,
      target: '-',
      meets: null,
      baseline: '-',
      ratio: '-',
    },
    m.kafka,
  ];
};

/** The figures as a Markdown table, columns padded to line up in a terminal. */
export const table = (rows: readonly Figure[]): string => {
  const cells = [
    ['measure', 'result', 'target', 'met', 'baseline (same run)', 'ratio'],
    ...rows.map((f) => [f.measure, f.result, f.target, f.meets === null ? '-' : f.meets ? 'yes' : 'NO', f.baseline, f.ratio]),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
};
