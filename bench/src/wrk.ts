import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { log, round } from './bench-numbers';
import { cpuSeconds } from './proc-cpu';
import { parseWrkOutput, WrkOutput, wrkScript, WrkScriptSpec } from './wrk-script';

/**
 * Runs Debian's wrk as a child process: a closed-loop HTTP load of `connections` keep-alive
 * connections over `threads` threads, each connection sending its next request when the last is
 * answered. Besides wrk's figures it measures wrk's CPU time against the service's over the same
 * run, to show the generator does not compete with the service for the machine's cores.
 */
export const WRK = '/usr/bin/wrk';

/**
 * The wrk binary, installed from Debian's packages when missing and this runs as root; otherwise
 * the reason the wrk rows are skipped.
 */
export const ensureWrk = (): { ok: true } | { ok: false; reason: string } => {
  if (existsSync(WRK)) return { ok: true };
  if (process.getuid?.() !== 0) return { ok: false, reason: `${WRK} is missing and installing it (apt-get install wrk) needs root` };
  log(`${WRK} is missing: apt-get install -y wrk...`);
  const installed = spawnSync('apt-get', ['install', '-y', 'wrk'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (existsSync(WRK)) return { ok: true };
  return {
    ok: false,
    reason: `apt-get install -y wrk failed (${installed.status ?? installed.signal}): ${(installed.stderr ?? '').trim().slice(-300)}`,
  };
};

export interface WrkRun extends WrkScriptSpec {
  readonly url: string;
  readonly threads: number;
  readonly connections: number;
  readonly seconds: number;
  /** A run of its own before the measured one, to warm connections, caches and the JIT. */
  readonly warmupSeconds: number;
  /** The service's pid, whose CPU time is read before and after the measured run. */
  readonly servicePid: number;
}

export interface WrkResult extends WrkOutput {
  /** The service's user + system time over the measured run. */
  readonly serviceCpuSeconds: number;
  /** wrk's CPU time as a share of wrk's and the service's together. */
  readonly generatorCpuShare: number;
  /** wrk's CPU time over the run's wall time: how many cores it kept busy. */
  readonly generatorCores: number;
  /**
   * When no request was answered within the run (each took longer than the run, or than wrk's
   * socket timeout): how long one such request took alone, so the row still says how slow it is.
   */
  readonly loneRequestMs?: number;
}

/** How long past its own duration a load-generator run may take before it is killed. */
export const GRACE_MS = 15_000;
/** wrk's socket timeout: an answer slower than this counts as a timeout, not as a latency. */
const REQUEST_TIMEOUT_SECONDS = 10;
/** How long the lone request measured after a run without answers may take. */
const LONE_REQUEST_TIMEOUT_MS = 120_000;

/** One request of the run's first kind, timed alone. */
const loneRequest = async (run: WrkRun): Promise<number | undefined> => {
  const { path, body } = run.requests[0];
  const started = performance.now();
  try {
    const response = await fetch(`${run.url}${path}`, {
      method: run.method,
      headers: run.headers,
      body,
      signal: AbortSignal.timeout(LONE_REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return round(performance.now() - started);
  } catch {
    return undefined;
  }
};

/** One load-generator process to its end: its stdout, or a rejection on a timeout, a signal or an exit code. */
export const generatorProcess = (binary: string, args: readonly string[], timeoutMs: number): Promise<string> =>
  new Promise((done, fail) => {
    const name = basename(binary);
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      fail(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) fail(new Error(`${name} did not end within ${timeoutMs} ms and was killed`));
      else if (code !== 0) fail(new Error(`${name} exited with ${code ?? signal}: ${stderr.trim() || stdout.slice(-500)}`));
      else done(stdout);
    });
  });

/**
 * One measured generator run (wrk's or paced-load's) with the service's CPU time over it, and
 * the generator's share of the two and the cores it kept busy.
 */
export const measureAgainstService = async (servicePid: number, measure: () => Promise<WrkOutput>): Promise<WrkResult> => {
  const serviceBefore = cpuSeconds(servicePid);
  const started = performance.now();
  const output = await measure();
  const wallSeconds = (performance.now() - started) / 1000;
  const serviceAfter = cpuSeconds(servicePid);
  const serviceCpuSeconds = serviceBefore === undefined || serviceAfter === undefined ? NaN : serviceAfter - serviceBefore;
  return {
    ...output,
    serviceCpuSeconds: round(serviceCpuSeconds),
    cpuSeconds: round(output.cpuSeconds),
    generatorCpuShare: round(output.cpuSeconds / (output.cpuSeconds + serviceCpuSeconds), 3),
    generatorCores: round(output.cpuSeconds / wallSeconds, 2),
  };
};

export const runWrk = async (run: WrkRun): Promise<WrkResult> => {
  // Unique ids restart with each wrk process: the warm-up and the measured run get scripts of their own.
  const scriptFor = (part: string) => {
    const file = join(tmpdir(), `policy-bench-wrk-${process.pid}-${randomUUID()}.lua`);
    writeFileSync(file, wrkScript(run.unique ? { ...run, unique: { run: `${run.unique.run}${part}` } } : run));
    return file;
  };
  const warmupScript = scriptFor('w');
  const script = scriptFor('m');
  const args = (seconds: number, file = script) => [
    `-t${run.threads}`,
    `-c${run.connections}`,
    `-d${seconds}s`,
    '--timeout',
    `${REQUEST_TIMEOUT_SECONDS}s`,
    '-s',
    file,
    run.url,
  ];
  try {
    if (run.warmupSeconds > 0) await generatorProcess(WRK, args(run.warmupSeconds, warmupScript), run.warmupSeconds * 1000 + GRACE_MS);
    const measured = await measureAgainstService(run.servicePid, async () =>
      parseWrkOutput(await generatorProcess(WRK, args(run.seconds), run.seconds * 1000 + GRACE_MS)),
    );
    const loneRequestMs = measured.requests === 0 ? await loneRequest(run) : undefined;
    return { ...(loneRequestMs === undefined ? {} : { loneRequestMs }), ...measured };
  } finally {
    rmSync(script, { force: true });
    rmSync(warmupScript, { force: true });
  }
};
