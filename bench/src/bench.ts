import Database from 'better-sqlite3';
import { SqliteBulkLoader, SqliteEventStore } from '@policy/event-store';
import { replayRule } from '@policy/projections';
import { ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ACTOR, emptyFacts, generateHistory, HistoryOptions, HOT_RULE_ID, RuleFacts } from './history';
import { LoadResult, LoadSpec, Scenario } from './load-client';
import { PipelineResult } from './pipeline';

/**
 * `npm run bench`: generates a history straight into a SQLite event store, then measures, in
 * one run and on this machine, what docs/architecture.md sets targets for, each beside a baseline taken
 * in the same run: appends over HTTP against bare SQLite inserts, point-in-time reads against
 * folding the log on every read, both against an empty route, the rebuild against the insert
 * ceiling. Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                         100,000 rules, 1,000,000 events (about 10 minutes)
 *   npm run bench -- --quick              10,000 rules, 100,000 events, short phases (about 1 minute)
 *   npm run bench -- --rules 50000 --events 400000 --seconds 10 --clients 32 --keep
 */
const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');
const REBUILD = join(ROOT, 'dist/apps/api/src/rebuild.cli.js');
const LOAD_CLIENT = join(__dirname, 'load-client.js');
const PIPELINE = join(__dirname, 'pipeline.js');
const RESULTS = join(ROOT, 'bench/results');
const ADMIN_KEY = `bench-admin-${randomUUID()}`;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rules: { type: 'string' },
    events: { type: 'string' },
    'hot-events': { type: 'string' },
    clients: { type: 'string', default: '32' },
    seconds: { type: 'string' },
    seed: { type: 'string', default: '20261122' },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: join(RESULTS, 'latest.json') },
  },
});

const quick = args.quick!;
const history: HistoryOptions = {
  rules: Number(args.rules ?? (quick ? 10_000 : 100_000)),
  events: Number(args.events ?? (quick ? 100_000 : 1_000_000)),
  hotRuleEvents: Number(args['hot-events'] ?? 10_000),
  seed: Number(args.seed),
  from: '2019-01-01T00:00:00.000Z',
  to: '2026-11-01T00:00:00.000Z',
};
const clients = Number(args.clients);
const seconds = Number(args.seconds ?? (quick ? 4 : 15));
const warmupMs = quick ? 1000 : 3000;

// Targets from docs/architecture.md.
const TARGET = { appendPerSecond: 3000, appendP99Ms: 5, queryP99Ms: 5, rebuildPerSecond: 200_000, kafkaP99Ms: 50 };

const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/**
 * Peak resident memory of a process, from /proc (Linux): the kernel's own high-water mark plus
 * our samples; and, apart, the peak of its anonymous memory (heaps, caches, stacks), i.e.
 * without file pages it has mapped: the live read model is read through a memory map, whose
 * pages are the OS page cache (shared, dropped under memory pressure) but count in RSS.
 */
class RssSampler {
  private peakKb = 0;
  private peakAnonKb = 0;
  private timer?: NodeJS.Timeout;
  constructor(private readonly pid: number) {}
  start(everyMs = 100): this {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
    return this;
  }
  sample(): void {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
      this.peakKb = Math.max(this.peakKb, field('VmHWM'), field('VmRSS'));
      this.peakAnonKb = Math.max(this.peakAnonKb, field('RssAnon'));
    } catch {
      // the process has exited: keep the last reading
    }
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return round(this.peakKb / 1024, 0);
  }
  /** Peak anonymous memory in MiB (call after stop). */
  anonMb(): number {
    return round(this.peakAnonKb / 1024, 0);
  }
}

const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  freeMemoryGiB: round(freemem() / 2 ** 30, 1),
  node: process.version,
  os: `${platform()} ${release()}`,
});

const gitCommit = (): { commit: string; dirty: boolean } => {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
};

/** Writes the history into `events.sqlite` through the store's bulk loader. */
const generate = (dataDir: string): { facts: RuleFacts; seconds: number; bytes: number } => {
  const file = join(dataDir, 'events.sqlite');
  const facts = emptyFacts(history);
  const started = performance.now();
  const loader = new SqliteBulkLoader(file);
  let n = 0;
  for (const event of generateHistory(history, facts)) {
    loader.add(event);
    if (++n % 200_000 === 0) log(`  generated ${n} events`);
  }
  loader.close();
  return { facts, seconds: (performance.now() - started) / 1000, bytes: statSync(file).size };
};

/**
 * The append ceiling: the same rows inserted into the same schema by one process with no
 * service around it, in 1,000-row transactions (what SQLite itself can take) and one
 * transaction per row with the service's `synchronous = FULL` (one fsync per commit).
 */
const insertCeiling = (events: number): { batchedPerSecond: number; perCommitPerSecond: number } => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-ceiling-'));
  try {
    const file = join(dir, 'events.sqlite');
    void new SqliteEventStore(file).close();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const facts = emptyFacts({ ...history, rules: 2000, events });
    const rows = [...generateHistory({ ...history, rules: 2000, events, hotRuleEvents: 10 }, facts)].map((e) => [
      e.streamId,
      e.revision,
      e.eventId,
      e.type,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
      e.createdAt,
    ]);
    const batch = db.transaction((slice: unknown[][]) => {
      for (const row of slice) insert.run(...row);
    });
    let started = performance.now();
    for (let i = 0; i < rows.length; i += 1000) batch(rows.slice(i, i + 1000));
    const batchedPerSecond = rows.length / ((performance.now() - started) / 1000);
    db.exec('DELETE FROM events');
    const single = rows.slice(0, Math.min(rows.length, 2000)).map((row) => [...row.slice(0, 2), randomUUID(), ...row.slice(3)]);
    const one = db.transaction((row: unknown[]) => insert.run(...row));
    started = performance.now();
    for (const row of single) one(row);
    const perCommitPerSecond = single.length / ((performance.now() - started) / 1000);
    db.close();
    return { batchedPerSecond: Math.round(batchedPerSecond), perCommitPerSecond: Math.round(perCommitPerSecond) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Runs `npm run rebuild`'s compiled CLI on the data: the offline full rebuild. */
const rebuild = async (dataDir: string): Promise<{ events: number; elapsedMs: number; eventsPerSecond: number; peakRssMb: number; peakAnonMb: number }> => {
  const child = spawn(process.execPath, [REBUILD], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, POLICY_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rss = new RssSampler(child.pid!).start(50);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk;
    for (const line of chunk.toString().split('\n')) if (line.trim().startsWith('  ')) log(`  rebuild:${line.trimEnd()}`);
  });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  const peakRssMb = rss.stop();
  if (code !== 0) throw new Error(`rebuild failed (${code}):\n${output}`);
  const summary = JSON.parse(output.trim().split('\n').pop()!) as { events: number; elapsedMs: number; eventsPerSecond: number };
  return { ...summary, peakRssMb, peakAnonMb: rss.anonMb() };
};

/** The naive point-in-time read for the long rule: fold its whole log, no snapshots. */
const naiveHotFold = async (dataDir: string, facts: RuleFacts): Promise<{ p50Ms: number; samples: number }> => {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const asOf = new Date(facts.from + Math.random() * (facts.to - facts.from)).toISOString();
      const started = performance.now();
      await replayRule(store, HOT_RULE_ID, { asOf, knownAt: new Date(facts.to).toISOString() });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { p50Ms: round(percentile(times, 50)), samples: times.length };
  } finally {
    await store.close();
  }
};

/** The write path without HTTP (see pipeline.ts), in a process of its own. */
const pipeline = (): PipelineResult => {
  const output = execFileSync(process.execPath, [PIPELINE, String(clients), String(seconds)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output.trim().split('\n').pop()!) as PipelineResult;
};

interface Service {
  readonly url: string;
  readonly process: ChildProcess;
  readonly rss: RssSampler;
  stop(): Promise<void>;
}

const startService = async (dataDir: string): Promise<Service> => {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', POLICY_DATA_DIR: dataDir, POLICY_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'log' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rss = new RssSampler(child.pid!).start();
  let output = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in 5 minutes:\n${output}`)), 300_000);
    const check = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => reject(new Error(`service exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    rss,
    stop: async () => {
      rss.sample();
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    },
  };
};

/** Closed loop unless `ratePerSecond` is set (see load-client.ts). */
type LoadOptions = { clients?: number; seconds?: number; ratePerSecond?: number };

/** Runs one load phase in its own process and returns its figures. */
const load = async (service: Service, scenario: Scenario, options: LoadOptions = {}): Promise<LoadResult> => {
  const spec: LoadSpec = {
    url: service.url,
    key: ADMIN_KEY,
    clients: options.clients ?? clients,
    durationMs: (options.seconds ?? seconds) * 1000,
    warmupMs,
    scenario,
    ...(options.ratePerSecond ? { ratePerSecond: options.ratePerSecond } : {}),
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

interface Figure {
  readonly measure: string;
  readonly result: string;
  readonly target: string;
  readonly meets: boolean | null;
  readonly baseline: string;
  readonly ratio: string;
}

const kafkaRow = async (): Promise<{ figure: Figure; raw: unknown }> => {
  const measure = 'command accepted -> message consumed (Kafka), p50 / p99';
  const skipped = (why: string) => ({
    figure: { measure, result: `n/a (${why})`, target: `p99 <= ${TARGET.kafkaP99Ms} ms`, meets: null, baseline: 'broker produce -> consume round trip', ratio: '-' },
    raw: null,
  });
  if (process.env.BENCH_KAFKA === 'off') return skipped('BENCH_KAFKA=off');
  const { measureKafkaLatency } = await import('./kafka-latency');
  // Uses KAFKA_BROKERS when set, otherwise starts the project's own broker (needs Java and Maven).
  const result = await measureKafkaLatency(quick ? 50 : 200).catch((error: unknown) => error as Error);
  if (result instanceof Error) return skipped(`no broker: ${result.message.split('\n')[0]}`);
  const { commandToConsumed: c, brokerRoundTrip: b } = result;
  return {
    figure: {
      measure,
      result: `${c.p50Ms} / ${c.p99Ms} ms`,
      target: `p99 <= ${TARGET.kafkaP99Ms} ms`,
      meets: c.p99Ms <= TARGET.kafkaP99Ms,
      baseline: `broker round trip ${b.p50Ms} / ${b.p99Ms} ms`,
      ratio: `${round(c.p99Ms / b.p99Ms, 1)}x the broker's p99`,
    },
    raw: result,
  };
};

const table = (figures: readonly Figure[]): string => {
  const rows = [['measure', 'result', 'target', 'met', 'baseline (same run)', 'ratio'], ...figures.map((f) => [f.measure, f.result, f.target, f.meets === null ? '-' : f.meets ? 'yes' : 'NO', f.baseline, f.ratio])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
};

const main = async (): Promise<void> => {
  const started = Date.now();
  const dataDir = args['data-dir'] ?? mkdtempSync(join(tmpdir(), 'policy-bench-'));
  mkdirSync(dataDir, { recursive: true });
  rmSync(join(dataDir, 'events.sqlite'), { force: true });
  for (const name of ['read-model.sqlite', 'snapshots.sqlite', 'keys.sqlite']) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `${name}${suffix}`), { force: true });
  }
  const host = machine();
  const git = gitCommit();
  log(`policy-ledger bench: ${history.rules} rules, ${history.events} events, ${clients} clients, ${seconds} s phases, on ${host.cores} x ${host.cpu}`);
  log(`data in ${dataDir}`);

  log('generating the history into the event store...');
  const generated = generate(dataDir);
  const { facts } = generated;
  log(`  ${history.events} events in ${round(generated.seconds, 1)} s (${Math.round(history.events / generated.seconds)}/s), ${round(generated.bytes / 2 ** 20, 0)} MiB`);

  log('baseline: bare SQLite inserts...');
  const ceiling = insertCeiling(quick ? 50_000 : 200_000);
  log(`  ${ceiling.batchedPerSecond} rows/s in 1,000-row transactions; ${ceiling.perCommitPerSecond} commits/s one row each (synchronous=FULL)`);

  log('full rebuild of the read model from the log (npm run rebuild)...');
  const rebuilt = await rebuild(dataDir);
  log(`  ${rebuilt.events} events in ${rebuilt.elapsedMs} ms: ${rebuilt.eventsPerSecond} events/s, peak RSS ${rebuilt.peakRssMb} MiB`);

  log('baseline: folding the long rule from the log on every read...');
  const naiveHot = await naiveHotFold(dataDir, facts);
  log(`  ${history.hotRuleEvents} events folded in ${naiveHot.p50Ms} ms (p50 of ${naiveHot.samples})`);

  log(`baseline: the write path without HTTP, ${clients} callers...`);
  const inProcess = pipeline();
  log(`  ${inProcess.perSecond}/s, p50 ${inProcess.p50Ms} ms, p99 ${inProcess.p99Ms} ms, ${inProcess.cpuMicrosPerCommand} us CPU per command`);

  log('starting the service on the generated data...');
  const service = await startService(dataDir);
  const phases: Record<string, LoadResult> = {};
  const phase = async (name: string, scenario: Scenario, options?: LoadOptions) => {
    if (phases[name]) throw new Error(`phase ${name} twice`);
    log(`phase ${name}...`);
    const result = await load(service, scenario, options);
    phases[name] = result;
    log(`  ${result.perSecond}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms, statuses ${JSON.stringify(result.statuses)}`);
    if (result.firstError) log(`  first unexpected answer: ${result.firstError}`);
    return result;
  };
  let coldReplay: { ms: number; status: number };
  const range = { from: facts.from, to: facts.to + 120 * 86_400_000 };
  const live = facts.live.filter((rule) => rule.ruleId !== HOT_RULE_ID);
  // Later than every effective time in the history, so amendments never go back in time.
  const effectiveFrom = live.reduce((latest, r) => Math.max(latest, r.lastEffective + 1), Date.parse('2027-06-01T00:00:00.000Z'));
  const ruleAt: Scenario = { kind: 'rule-at', ruleIds: facts.ruleIds, ...range, replay: false };
  const naive: Scenario = { ...ruleAt, replay: true };
  const list: Scenario = { kind: 'list', destinations: facts.destinations, ...range, limit: 100 };
  const floor: Scenario = { kind: 'get', path: '/docs', auth: false };
  const refusedPost: Scenario = { kind: 'refused-post', path: `/rules/${HOT_RULE_ID}/approve`, body: JSON.stringify({ effectiveAt: 'not a time' }) };
  const one = { clients: 1 };
  try {
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
    coldReplay = await timedGet(`${service.url}/rules/${HOT_RULE_ID}?consistency=replay`);
    log(`first replay of the ${history.hotRuleEvents}-event rule (no snapshots yet): ${coldReplay.ms} ms (${coldReplay.status})`);
    await phase('long replay, 1 client', { kind: 'rule-at', ruleIds: [HOT_RULE_ID], ...range, replay: true }, one);
    await phase('appends, 1 client', { kind: 'append', rules: live.map((r) => r.ruleId), clients: 1, effectiveFrom }, one);
    await phase(`refused post, ${clients} clients`, refusedPost);
    await phase(`appends, ${clients} clients`, { kind: 'append', rules: live.map((r) => r.ruleId), clients, effectiveFrom: effectiveFrom + 1e9 });
    // The latency at the target load: requests due on a schedule, whether or not answered.
    await phase('floor at target rate', floor, { ratePerSecond: TARGET.appendPerSecond });
    await phase('appends at target rate', { kind: 'append', rules: live.map((r) => r.ruleId), clients, effectiveFrom: effectiveFrom + 2e9 }, { ratePerSecond: TARGET.appendPerSecond });
  } finally {
    await service.stop();
  }
  const servicePeakRssMb = service.rss.stop();
  const servicePeakAnonMb = service.rss.anonMb();
  log(`service peak RSS: ${servicePeakRssMb} MiB (anonymous ${servicePeakAnonMb} MiB)`);
  const kafka = await kafkaRow();

  const p = (name: string) => phases[name];
  const many = (name: string) => phases[`${name}, ${clients} clients`];
  const single = (name: string) => phases[`${name}, 1 client`];
  const ms = (r: LoadResult) => `${r.p50Ms} / ${r.p99Ms} ms`;
  const withRate = (r: LoadResult) => `${ms(r)} at ${r.perSecond}/s`;
  const append = many('appends');
  const paced = p('appends at target rate');
  const pacedFloor = p('floor at target rate');
  const figures: Figure[] = [
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
    {
      measure: `HTTP appends offered at ${TARGET.appendPerSecond}/s by ${clients} clients (open loop): p50 / p99`,
      result: `${ms(paced)}, ${paced.perSecond}/s answered`,
      target: `p99 <= ${TARGET.appendP99Ms} ms`,
      meets: paced.p99Ms <= TARGET.appendP99Ms && paced.perSecond >= TARGET.appendPerSecond * 0.98 && paced.errors === 0,
      baseline: `empty route at the same rate ${ms(pacedFloor)}`,
      ratio: `${round(paced.p99Ms / pacedFloor.p99Ms, 1)}x floor p99`,
    },
    {
      measure: 'HTTP appends, 1 client: p50 / p99',
      result: withRate(single('appends')),
      target: `p99 <= ${TARGET.appendP99Ms} ms`,
      meets: single('appends').p99Ms <= TARGET.appendP99Ms,
      baseline: `empty route ${ms(single('floor'))}`,
      ratio: `${round(single('appends').p99Ms / single('floor').p99Ms, 1)}x floor p99`,
    },
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
    {
      measure: 'GET /rules?asOf&destination (100 per page), 1 client: p50 / p99',
      result: withRate(single('list')),
      target: `p99 <= ${TARGET.queryP99Ms} ms`,
      meets: single('list').p99Ms <= TARGET.queryP99Ms,
      baseline: `empty route ${ms(single('floor'))}`,
      ratio: `${round(single('list').p50Ms / single('floor').p50Ms, 1)}x floor p50`,
    },
    {
      measure: `GET /rules?asOf&destination (100 per page), ${clients} clients: p50 / p99`,
      result: withRate(many('list')),
      target: `p99 <= ${TARGET.queryP99Ms} ms`,
      meets: many('list').p99Ms <= TARGET.queryP99Ms,
      baseline: `empty route ${withRate(many('floor'))}`,
      ratio: `${round(many('list').perSecond / many('floor').perSecond, 3)}x empty route`,
    },
    {
      measure: `?consistency=replay of a ${history.hotRuleEvents}-event rule, 1 client: p50 / p99`,
      result: `${ms(p('long replay, 1 client'))} (first, before any snapshot: ${coldReplay!.ms} ms)`,
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
      result: `${servicePeakRssMb} MiB (anonymous ${servicePeakAnonMb}) / ${rebuilt.peakRssMb} MiB (anonymous ${rebuilt.peakAnonMb})`,
      target: 'bounded (log streamed)',
      meets: null,
      baseline: `event store file ${round(generated.bytes / 2 ** 20, 0)} MiB`,
      ratio: `${round(servicePeakRssMb / (generated.bytes / 2 ** 20), 2)}x the log's size`,
    },
    {
      measure: `framework floor: empty route (GET /docs), 1 / ${clients} clients; POST refused at validation, ${clients} clients`,
      result: `${ms(single('floor'))}; ${withRate(many('floor'))}; ${withRate(many('refused post'))}`,
      target: '-',
      meets: null,
      baseline: '-',
      ratio: '-',
    },
    kafka.figure,
  ];
  log('');
  log(table(figures));
  const result = {
    date: new Date().toISOString(),
    ...git,
    machine: host,
    options: { ...history, clients, phaseSeconds: seconds, warmupMs, quick },
    history: {
      generatedPerSecond: Math.round(history.events / generated.seconds),
      storeBytes: generated.bytes,
      liveRulesAtEnd: facts.live.length,
      clockSkew: facts.skew,
      actor: BENCH_ACTOR,
    },
    figures,
    raw: {
      insertCeiling: ceiling,
      writePathWithoutHttp: inProcess,
      rebuild: rebuilt,
      naiveHotFold: naiveHot,
      coldReplayMs: coldReplay!.ms,
      phases,
      servicePeakRssMb,
      servicePeakAnonMb,
      kafka: kafka.raw,
    },
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(resolve(args.out!, '..'), { recursive: true });
  writeFileSync(args.out!, `${JSON.stringify(result, null, 2)}\n`);
  log(`\nwrote ${args.out} (${result.durationSeconds} s)`);
  if (!args.keep && !args['data-dir']) rmSync(dataDir, { recursive: true, force: true });
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
