import { createHash, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './bench-options';
import { generatorProcess, GRACE_MS, measureAgainstService, WrkResult } from './wrk';
import { WrkOutput } from './wrk-script';

/**
 * The open loop, driven by bench/native/paced-load.c: one C thread with a microsecond timer
 * sending requests on a fixed schedule over keep-alive connections, each latency counted from
 * when its request was due. wrk cannot pace (its Lua timer is in milliseconds, and a schedule
 * per connection needs a thread per connection, which on two cores cost the service a third of
 * its write throughput); the Node load client took a core of its own. The program is compiled
 * with the machine's C compiler on first use, into the temp dir, keyed by its source's hash.
 */
// From the sources (tests) the C file is in a sibling folder; from dist/ it is in the project root.
const SOURCES = [join(__dirname, '../native/paced-load.c'), join(ROOT, 'bench/native/paced-load.c')];
export const PACED_LOAD_SOURCE = SOURCES.find((file) => existsSync(file)) ?? SOURCES[1];

export interface PacedRun {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Each `{{id}}` in path and body becomes an id no other request of the run has. */
  readonly body?: string;
  readonly perSecond: number;
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly servicePid: number;
}

/** What paced-load printed: counts, percentiles in microseconds, its CPU time. */
interface RawPaced {
  due: number;
  sent: number;
  answered: number;
  scheduleUs: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  status: number;
  socket: number;
  cpuSeconds: number;
}

/** The compiled program, or why there is none (no compiler, a failed build). */
export const ensurePacedLoad = (): { ok: true; binary: string } | { ok: false; reason: string } => {
  if (!existsSync(PACED_LOAD_SOURCE)) return { ok: false, reason: `${PACED_LOAD_SOURCE} is missing` };
  const source = readFileSync(PACED_LOAD_SOURCE);
  const binary = join(tmpdir(), `policy-bench-paced-load-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`);
  if (existsSync(binary)) return { ok: true, binary };
  const built = spawnSync('cc', ['-O2', '-o', binary, PACED_LOAD_SOURCE], { encoding: 'utf8', timeout: 60_000 });
  if (built.status === 0 && existsSync(binary)) return { ok: true, binary };
  return {
    ok: false,
    reason: `cc could not build ${PACED_LOAD_SOURCE}: ${(built.error?.message ?? built.stderr ?? '').trim().slice(-300)}`,
  };
};

/** The request file paced-load reads: method and path, headers, an empty line, the body. */
export const requestFile = (run: Pick<PacedRun, 'method' | 'path' | 'headers' | 'body'>): string => {
  for (const text of [run.path, ...Object.entries(run.headers).flat()])
    if (/[\r\n]/.test(text)) throw new Error(`a paced request's path and headers are single lines: ${JSON.stringify(text)}`);
  const headers = Object.entries(run.headers).map(([name, value]) => `${name}: ${value}\n`);
  return `${run.method} ${run.path}\n${headers.join('')}\n${run.body ?? ''}`;
};

/** Reads paced-load's JSON line into the figures a wrk run gives, latencies in milliseconds. */
export const parsePacedOutput = (stdout: string): WrkOutput => {
  const line = stdout.split('\n').find((l) => l.startsWith('{"due":'));
  if (line === undefined) throw new Error(`paced-load printed no result line:\n${stdout.slice(-2000)}`);
  const raw = JSON.parse(line) as RawPaced;
  const seconds = raw.scheduleUs / 1e6;
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    requests: raw.answered,
    durationSeconds: seconds,
    perSecond: seconds > 0 ? Math.round(raw.answered / seconds) : 0,
    p50Ms: ms(raw.p50),
    p90Ms: ms(raw.p90),
    p99Ms: ms(raw.p99),
    maxMs: ms(raw.max),
    // Requests sent but never answered (a connection lost under them) count as read errors.
    errors: { connect: 0, read: raw.socket, write: 0, timeout: raw.sent - raw.answered - raw.socket, status: raw.status },
    cpuSeconds: raw.cpuSeconds,
    paced: { due: raw.due, sent: raw.sent },
  };
};

/** A warm-up run, then the measured one, with the service's CPU time over the measured one. */
export const runPacedLoad = async (binary: string, run: PacedRun): Promise<WrkResult> => {
  const { hostname, port } = new URL(run.url);
  const file = join(tmpdir(), `policy-bench-paced-${process.pid}-${randomUUID()}.req`);
  writeFileSync(file, requestFile(run));
  const args = (seconds: number, id: string) =>
    [hostname, port, run.perSecond, seconds, run.connections, file, `${randomUUID().slice(0, 8)}${id}`].map(String);
  try {
    if (run.warmupSeconds > 0) await generatorProcess(binary, args(run.warmupSeconds, 'w'), run.warmupSeconds * 1000 + GRACE_MS);
    return await measureAgainstService(run.servicePid, async () =>
      parsePacedOutput(await generatorProcess(binary, args(run.seconds, 'm'), run.seconds * 1000 + GRACE_MS)),
    );
  } finally {
    rmSync(file, { force: true });
  }
};
