import { h200ReviewProposal } from '@policy/testkit';
import { randomUUID } from 'node:crypto';
import { BenchOptions } from './bench-options';
import { log } from './bench-numbers';
import { ADMIN_KEY, BenchService } from './bench-service';
import { RuleFacts } from './history';
import { evaluationRequests, listRequests } from './screening-load';
import { ensurePacedLoad, runPacedLoad } from './paced-load';
import { TARGET } from './targets';
import { ensureWrk, runWrk, WrkResult } from './wrk';
import { WrkScriptSpec } from './wrk-script';

const WRITE_PROBE_ITEM = { vendor: 'Bench', product: 'Write probe' };

/**
 * The phases driven by wrk: the empty route as the floor, one-line and 100-line screenings, list
 * pages and proposals; then the open loop, by paced-load: proposals offered on a schedule, after
 * the empty route at the same rate. A phase that fails is reported as such and the others still
 * run; without wrk they are all skipped with the reason (without a C compiler, the open loop).
 */
export type WrkPhase = WrkResult | { readonly error: string };

export interface WrkPhases {
  /** Why no wrk phase ran, if none did. */
  readonly skipped?: string;
  /** By phase name, e.g. `wrk floor, 1 client`. */
  readonly phases: Record<string, WrkPhase>;
}

export const wrkFailed = (phase: WrkPhase | undefined): phase is { error: string } | undefined => phase === undefined || 'error' in phase;

/** The open loop's rate: the append target. */
export const PACED_PER_SECOND = TARGET.appendPerSecond;

/** One client is one thread and one connection; many are spread over two threads, one per core. */
const shape = (clients: number) => ({ threads: clients === 1 ? 1 : 2, connections: clients });

export const runWrkPhases = async (service: BenchService, options: BenchOptions, facts: RuleFacts): Promise<WrkPhases> => {
  const available = ensureWrk();
  if (!available.ok) {
    log(`wrk phases skipped: ${available.reason}`);
    return { skipped: available.reason, phases: {} };
  }
  const { clients } = options;
  const phases: Record<string, WrkPhase> = {};
  const auth = { authorization: `Bearer ${ADMIN_KEY}` };
  const floor: WrkScriptSpec = { method: 'GET', headers: {}, requests: [{ path: '/docs' }] };
  const oneLine: WrkScriptSpec = {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    requests: evaluationRequests(facts, 1, 200),
  };
  const hundredLines: WrkScriptSpec = { ...oneLine, requests: evaluationRequests(facts, 100, 50) };
  const list: WrkScriptSpec = { method: 'GET', headers: auth, requests: listRequests(facts, 100, 500) };
  // Each request proposes a rule of its own (a new stream): the write path at its shortest. Its
  // item and destination are outside the bench's vocabulary, so the rules it adds meet no later
  // screening or list (a data dir kept with --reuse keeps them).
  const proposal = { ...h200ReviewProposal('wrk-{{id}}', '2025-12-08'), items: [WRITE_PROBE_ITEM], destinations: [{ country: 'AQ' }] };
  const propose: WrkScriptSpec = {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    requests: [{ path: '/rules', body: JSON.stringify(proposal) }],
    unique: { run: 'per phase' },
  };
  const record = async (name: string, generator: string, measure: () => Promise<WrkResult>) => {
    log(`phase ${name} (${generator})...`);
    try {
      const result = await measure();
      phases[name] = result;
      const errors = Object.values(result.errors).reduce((sum, n) => sum + n, 0);
      const paced = result.paced ? ` (${result.paced.sent} sent of ${result.paced.due} due; latency from when due)` : '';
      log(
        `  ${result.perSecond}/s${paced}, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms, ${errors} errors; CPU generator ${result.cpuSeconds} s / service ${result.serviceCpuSeconds} s (generator ${Math.round(result.generatorCpuShare * 100)} %)`,
      );
      if (errors > 0) log(`  errors: ${JSON.stringify(result.errors)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      phases[name] = { error: message };
      log(`  failed: ${message}`);
    }
  };
  const phase = (name: string, spec: WrkScriptSpec, phaseClients: number) =>
    record(name, `wrk -t${shape(phaseClients).threads} -c${phaseClients}`, () =>
      runWrk({
        ...spec,
        // Ids of a run of their own per phase: the next phase's threads count from 0 again.
        ...(spec.unique ? { unique: { run: randomUUID().slice(0, 8) } } : {}),
        ...shape(phaseClients),
        url: service.url,
        seconds: options.seconds,
        warmupSeconds: Math.max(1, Math.round(options.warmupMs / 1000)),
        servicePid: service.process.pid!,
      }),
    );
  const paced = async (name: string, spec: WrkScriptSpec) => {
    const built = ensurePacedLoad();
    if (!built.ok) {
      log(`phase ${name} skipped: ${built.reason}`);
      phases[name] = { error: `skipped: ${built.reason}` };
      return;
    }
    await record(name, `paced-load, ${clients} connections, ${PACED_PER_SECOND}/s on a schedule`, () =>
      runPacedLoad(built.binary, {
        url: service.url,
        method: spec.method,
        path: spec.requests[0].path,
        headers: spec.headers,
        body: spec.requests[0].body,
        perSecond: PACED_PER_SECOND,
        connections: clients,
        seconds: options.seconds,
        warmupSeconds: Math.max(1, Math.round(options.warmupMs / 1000)),
        servicePid: service.process.pid!,
      }),
    );
  };
  await phase('wrk floor, 1 client', floor, 1);
  await phase(`wrk floor, ${clients} clients`, floor, clients);
  await phase('wrk evaluate 1 line, 1 client', oneLine, 1);
  await phase(`wrk evaluate 1 line, ${clients} clients`, oneLine, clients);
  await phase('wrk evaluate 100 lines, 1 client', hundredLines, 1);
  await phase(`wrk list, ${clients} clients`, list, clients);
  await phase('wrk propose, 1 client', propose, 1);
  await phase(`wrk propose, ${clients} clients`, propose, clients);
  await paced(`paced floor at ${PACED_PER_SECOND}/s`, floor);
  await paced(`paced propose at ${PACED_PER_SECOND}/s`, propose);
  return { phases };
};
