import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');
export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'policy-e2e-'));

export interface RunningService {
  readonly url: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing. */
  kill(): Promise<void>;
}

const assertBuilt = () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: e2e tests run the built service; run "npm run build" (npm test does)`);
};

/** Starts the built service as its own process on a free port and waits until it listens. */
export const startService = async (options: { dataDir?: string; env?: Record<string, string | undefined> } = {}): Promise<RunningService> => {
  assertBuilt();
  const dataDir = options.dataDir ?? newDataDir();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', POLICY_DATA_DIR: dataDir, POLICY_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'log', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const port = await new Promise<number>((resolvePort, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service did not start within 30 s:\n${output}`));
    }, 30_000);
    const check = () => {
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(deadline);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(deadline);
      reject(new Error(`service exited with ${code} before listening:\n${output}`));
    });
  });
  const waitExit = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    process: child,
    output: () => output,
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
  };
};

/** Runs the service expecting it to refuse to start; returns its exit code and output. */
export const runToExit = (env: Record<string, string>): { status: number | null; output: string } => {
  assertBuilt();
  const result = spawnSync(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', POLICY_DATA_DIR: newDataDir(), ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

/** Runs `npm run keys`' compiled CLI against a data dir. */
export const keysCli = (dataDir: string, ...args: string[]): string => {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/src/keys.cli.js'), ...args], {
    env: { PATH: process.env.PATH, POLICY_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`keys ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
};

export interface Answer<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A small HTTP client for the API: JSON in and out, bearer key, extra headers. */
export const client = (url: string, key: string | undefined = ADMIN_KEY) => {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (metrics, html): keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
  };
};

/** Polls until `probe` returns a value, or fails after the deadline. */
export const eventually = async <T>(probe: () => Promise<T | undefined>, what: string, deadlineMs = 10_000): Promise<T> => {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

export const h200 = (ruleId = 'us-h200-cn-2025', effectiveAt = '2025-11-24') => ({
  ruleId,
  title: 'H200 exports to China under review',
  authority: 'US Department of Commerce (BIS)',
  jurisdiction: 'US',
  instrument: 'licence-decision',
  items: [{ vendor: 'NVIDIA', product: 'H200' }],
  destinations: [{ country: 'CN' }],
  effect: 'licence-required',
  sources: [{ url: 'https://www.reuters.com/technology/', title: 'US reviewing H200 sales to China' }],
  effectiveAt,
});
