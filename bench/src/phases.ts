import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchOptions } from './bench-options';
import { log, round } from './bench-numbers';
import { ADMIN_KEY, BenchService } from './bench-service';
import { HOT_RULE_ID, RuleFacts } from './history';
import { LoadResult, LoadSpec, Scenario } from './load-client';

/**
 * The load phases against the running service. A phase is one scenario driven for a fixed
 * time by the load client in a process of its own (see load-client.ts).
 */
const LOAD_CLIENT = join(__dirname, 'load-client.js');

/** A closed loop (see load-client.ts). */
type LoadOptions = { clients?: number; seconds?: number };

/** Runs one load phase in its own process and returns its figures. */
const load = async (service: BenchService, options: BenchOptions, scenario: Scenario, phase: LoadOptions = {}): Promise<LoadResult> => {
  const spec: LoadSpec = {
    url: service.url,
    key: ADMIN_KEY,
    clients: phase.clients ?? options.clients,
    durationMs: (phase.seconds ?? options.seconds) * 1000,
    warmupMs: options.warmupMs,
    scenario,
  };
  const specFile = join(tmpdir(), `policy-bench-load-${process.pid}-${randomUUID()}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  try {
    const child = fork(LOAD_CLIENT, [specFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return await new Promise<LoadResult>((done, fail) => {
      child.once('message', (result) => done(result as LoadResult));
      child.once('exit', (code) => (code === 0 ? undefined : fail(new Error(`load client exited with ${code}`))));
    });
  } finally {
    rmSync(specFile, { force: true });
  }
};

const timedGet = async (url: string): Promise<{ ms: number; status: number }> => {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  await response.text();
  return { ms: round(performance.now() - started), status: response.status };
};

export interface PhaseResults {
  /** By phase name, e.g. `rule at, 1 client`. */
  readonly phases: Record<string, LoadResult>;
  /** The first replay of the long rule, before any snapshot of it exists. */
  readonly coldReplay: { ms: number; status: number };
}

export const runPhases = async (service: BenchService, options: BenchOptions, facts: RuleFacts): Promise<PhaseResults> => {
  const { clients } = options;
  const phases: Record<string, LoadResult> = {};
  const phase = async (name: string, scenario: Scenario, phaseOptions?: LoadOptions) => {
    if (phases[name]) throw new Error(`phase ${name} twice`);
    log(`phase ${name}...`);
    const result = await load(service, options, scenario, phaseOptions);
    phases[name] = result;
    log(
      `  ${result.perSecond}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms, statuses ${JSON.stringify(result.statuses)}`,
    );
    if (result.firstError) log(`  first unexpected answer: ${result.firstError}`);
    return result;
  };
  const range = { from: facts.from, to: facts.to + 120 * 86_400_000 };
  const live = facts.live.filter((rule) => rule.ruleId !== HOT_RULE_ID);
  // Later than every effective time in the history, so amendments never go back in time.
  const effectiveFrom = live.reduce((latest, r) => Math.max(latest, r.lastEffective + 1), Date.parse('2027-06-01T00:00:00.000Z'));
  const ruleAt: Scenario = { kind: 'rule-at', ruleIds: facts.ruleIds, ...range, replay: false };
  const naive: Scenario = { ...ruleAt, replay: true };
  const list: Scenario = { kind: 'list', destinations: facts.destinations, ...range, limit: 100 };
  const floor: Scenario = { kind: 'get', path: '/docs', auth: false };
  const refusedPost: Scenario = {
    kind: 'refused-post',
    path: `/rules/${HOT_RULE_ID}/approve`,
    body: JSON.stringify({ effectiveAt: 'not a time' }),
  };
  const one = { clients: 1 };
  // Each read is measured twice: by one client (the latency of the work itself) and by
  // `clients` at once (throughput, and latency with a queue: in a closed loop each answer
  // waits for the ones ahead of it, so p50 is about clients / throughput).
  await phase('floor, 1 client', floor, one);
  await phase(`floor, ${clients} clients`, floor);
  await phase('rule at, 1 client', ruleAt, one);
  await phase(`rule at, ${clients} clients`, ruleAt);
  await phase('naive rule at, 1 client', naive, one);
  await phase(`naive rule at, ${clients} clients`, naive);
  await phase('list, 1 client', list, one);
  await phase(`list, ${clients} clients`, list);
  const coldReplay = await timedGet(`${service.url}/rules/${HOT_RULE_ID}?consistency=replay`);
  log(`first replay of the ${options.history.hotRuleEvents}-event rule (no snapshots yet): ${coldReplay.ms} ms (${coldReplay.status})`);
  await phase('long replay, 1 client', { kind: 'rule-at', ruleIds: [HOT_RULE_ID], ...range, replay: true }, one);
  await phase('appends, 1 client', { kind: 'append', rules: live.map((r) => r.ruleId), clients: 1, effectiveFrom }, one);
  await phase(`refused post, ${clients} clients`, refusedPost);
  await phase(`appends, ${clients} clients`, {
    kind: 'append',
    rules: live.map((r) => r.ruleId),
    clients,
    effectiveFrom: effectiveFrom + 1e9,
  });
  return { phases, coldReplay };
};
