import { round } from './bench-numbers';
import { LoadResult } from './load-client';
import { Figure } from './report';
import { WRITE_TARGET } from './targets';
import { PACED_PER_SECOND, WrkPhase, WrkPhases } from './wrk-phases';
import { WrkResult } from './wrk';

/**
 * The rows of the wrk-driven phases, each against the empty route measured by wrk in the same
 * run, and the wrk floor beside the Node client's, so the change of generator shows. Each row
 * says what share of the CPU (wrk's and the service's together) wrk took over its run.
 */
export const SCREENING_TARGET = {
  oneLineP99Ms: 2,
  oneLineManyP99Ms: 15,
  /** Of the empty route's throughput from as many clients. */
  oneLineManyFloorShare: 0.5,
  hundredLinesP99Ms: 20,
  listPagesPerSecond: 1000,
  listP99Ms: 50,
} as const;

export interface WrkMeasurements {
  readonly clients: number;
  readonly wrk: WrkPhases;
  /** The Node client's phases of the same run. */
  readonly node: Record<string, LoadResult>;
  readonly serviceEndRssMb: number;
  readonly servicePeakRssMb: number;
  readonly events: number;
}

const ms = (r: { p50Ms: number; p99Ms: number }) => `${r.p50Ms} / ${r.p99Ms} ms`;
/** Socket errors, timeouts and error statuses; a run with no answer at all counts as failed too. */
const errorCount = (r: WrkResult) => Object.values(r.errors).reduce((sum, n) => sum + n, 0) + (r.requests === 0 ? 1 : 0);
const described = (r: WrkResult) =>
  r.requests === 0
    ? `no answer within the ${round(r.durationSeconds, 0)} s run (${JSON.stringify(r.errors)}); one request alone took ${r.loneRequestMs ?? 'over 120000'} ms`
    : `${ms(r)} at ${r.perSecond}/s${r.paced ? ` (${r.paced.sent} sent of ${r.paced.due} due)` : ''}${errorCount(r) > 0 ? `, ${errorCount(r)} errors` : ''}; ${r.paced ? 'paced-load' : 'wrk'} took ${round(r.generatorCpuShare * 100, 0)} % of the CPU (${r.generatorCores} cores)`;

export const wrkFigures = (m: WrkMeasurements): Figure[] => {
  const { clients } = m;
  const many = `${clients} clients`;
  const rows: [string, string, string, (r: WrkResult) => Omit<Figure, 'measure' | 'result' | 'target'>][] = [];
  const floor1 = m.wrk.phases['wrk floor, 1 client'];
  const floorMany = m.wrk.phases[`wrk floor, ${many}`];
  const ok = (phase: WrkPhase | undefined): WrkResult | undefined => (phase === undefined || 'error' in phase ? undefined : phase);
  const f1 = ok(floor1);
  const fMany = ok(floorMany);
  const vsFloor = (r: WrkResult, floor: WrkResult | undefined) => ({
    baseline: floor ? `empty route (wrk) ${ms(floor)} at ${floor.perSecond}/s` : 'empty route: failed',
    ratio: floor ? `${round(r.p99Ms / floor.p99Ms, 1)}x floor p99; ${round(r.perSecond / floor.perSecond, 3)}x its throughput` : '-',
  });
  const t = SCREENING_TARGET;
  rows.push([
    'wrk evaluate 1 line, 1 client',
    'POST /evaluations, 1 line, 1 client (wrk -t1 -c1): p50 / p99',
    `p99 <= ${t.oneLineP99Ms} ms`,
    (r) => ({ meets: r.p99Ms <= t.oneLineP99Ms && errorCount(r) === 0, ...vsFloor(r, f1) }),
  ]);
  rows.push([
    `wrk evaluate 1 line, ${many}`,
    `POST /evaluations, 1 line, ${many} (wrk -t2 -c${clients}): throughput, p50 / p99`,
    `>= ${t.oneLineManyFloorShare}x empty route${fMany ? ` (${Math.round(fMany.perSecond * t.oneLineManyFloorShare)}/s)` : ''}, p99 <= ${t.oneLineManyP99Ms} ms`,
    (r) => ({
      meets:
        fMany !== undefined &&
        r.perSecond >= t.oneLineManyFloorShare * fMany.perSecond &&
        r.p99Ms <= t.oneLineManyP99Ms &&
        errorCount(r) === 0,
      ...vsFloor(r, fMany),
    }),
  ]);
  rows.push([
    'wrk evaluate 100 lines, 1 client',
    'POST /evaluations, 100 lines, 1 client (wrk -t1 -c1): p50 / p99',
    `p99 <= ${t.hundredLinesP99Ms} ms`,
    (r) => {
      const one = ok(m.wrk.phases['wrk evaluate 1 line, 1 client']);
      return {
        meets: r.p99Ms <= t.hundredLinesP99Ms && errorCount(r) === 0,
        baseline: `${vsFloor(r, f1).baseline}; 1 line ${one ? ms(one) : 'failed'}`,
        ratio: one ? `${round(r.p50Ms / one.p50Ms, 1)}x the 1-line p50 (${round(r.p50Ms / 100, 3)} ms a line)` : '-',
      };
    },
  ]);
  rows.push([
    `wrk list, ${many}`,
    `GET /rules?asOf&destination=<country>&limit=100, ${many} (wrk -t2 -c${clients}): pages/s, p50 / p99`,
    `>= ${t.listPagesPerSecond}/s, p99 <= ${t.listP99Ms} ms`,
    (r) => {
      const node = m.node[`list, ${many}`];
      return {
        meets: r.perSecond >= t.listPagesPerSecond && r.p99Ms <= t.listP99Ms && errorCount(r) === 0,
        baseline: `${vsFloor(r, fMany).baseline}; Node client ${node ? `${ms(node)} at ${node.perSecond}/s` : '-'}`,
        ratio: `${vsFloor(r, fMany).ratio}${node ? `; ${round(r.perSecond / node.perSecond, 2)}x the Node client's figure` : ''}`,
      };
    },
  ]);
  const pacedFloor = ok(m.wrk.phases[`paced floor at ${PACED_PER_SECOND}/s`]);
  rows.push([
    `paced propose at ${PACED_PER_SECOND}/s`,
    `HTTP proposals offered at ${PACED_PER_SECOND}/s by paced-load over ${clients} connections (open loop, latency from when due): p50 / p99`,
    `p99 <= ${WRITE_TARGET.pacedP99Ms} ms, all answered`,
    (r) => ({
      meets: r.p99Ms <= WRITE_TARGET.pacedP99Ms && r.perSecond >= WRITE_TARGET.pacedAnsweredShare * PACED_PER_SECOND && errorCount(r) === 0,
      baseline: `empty route at the same rate ${pacedFloor ? ms(pacedFloor) : 'failed'}`,
      ratio: pacedFloor ? `${round(r.p99Ms / pacedFloor.p99Ms, 1)}x floor p99` : '-',
    }),
  ]);
  for (const [name, label] of [
    ['wrk floor, 1 client', 'floor, 1 client'],
    [`wrk floor, ${many}`, `floor, ${many}`],
  ] as const) {
    rows.push([
      name,
      `empty route (GET /docs), ${label.replace('floor, ', '')} (wrk -t${label.endsWith('1 client') ? 1 : 2} -c${label.endsWith('1 client') ? 1 : clients}): p50 / p99`,
      '-',
      (r) => {
        const node = m.node[label];
        return {
          meets: null,
          baseline: node ? `Node client ${ms(node)} at ${node.perSecond}/s` : '-',
          ratio: node ? `${round(r.perSecond / node.perSecond, 2)}x the Node client's throughput` : '-',
        };
      },
    ]);
  }
  const figures = rows.map(([name, measure, target, judge]): Figure => {
    if (m.wrk.skipped !== undefined)
      return { measure, result: `skipped: ${m.wrk.skipped}`, target, meets: null, baseline: '-', ratio: '-' };
    const phase = m.wrk.phases[name];
    if (phase === undefined || 'error' in phase) {
      return { measure, result: `failed: ${phase?.error ?? 'not run'}`, target, meets: false, baseline: '-', ratio: '-' };
    }
    if (phase.requests === 0) return { measure, result: described(phase), target, meets: false, baseline: '-', ratio: '-' };
    return { measure, result: described(phase), target, ...judge(phase) };
  });
  figures.push({
    measure: `service RSS at the end of the run (${m.events} events in the log)`,
    result: `${m.serviceEndRssMb} MiB`,
    target: 'bounded',
    meets: null,
    baseline: `peak during the run ${m.servicePeakRssMb} MiB`,
    ratio: `${round(m.serviceEndRssMb / m.servicePeakRssMb, 2)}x the peak`,
  });
  return figures;
};
