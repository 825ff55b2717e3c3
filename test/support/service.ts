import { waitFor } from '@policy/common/testing';
import { apiMain, h200ReviewProposal, ServiceProcess, startServiceProcess } from '@policy/testkit';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const MAIN = apiMain(ROOT);
export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';

/**
 * The README's seed, run against a started service as a user would (`npm run seed`): the real
 * history's 17 events on 10 rules and its catalogue. Its exit and output, for the spec to check.
 */
export const seedHistory = (url: string): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/src/seed/seed.cli.js')], {
    env: { PATH: process.env.PATH, POLICY_URL: url, POLICY_API_KEY: ADMIN_KEY },
    encoding: 'utf8',
  });

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'policy-e2e-'));

export interface RunningService extends ServiceProcess {
  readonly dataDir: string;
}

const assertBuilt = () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: e2e tests run the built service; run "npm run build" (npm test does)`);
};

/** Starts the built service as its own process on a free port and waits until it is ready (or only listens). */
export const startService = async (
  options: { dataDir?: string; env?: Record<string, string | undefined>; waitUntilReady?: boolean } = {},
): Promise<RunningService> => {
  assertBuilt();
  const dataDir = options.dataDir ?? newDataDir();
  const service = await startServiceProcess({
    root: ROOT,
    dataDir,
    adminKey: ADMIN_KEY,
    env: options.env,
    startTimeoutMs: 30_000,
    waitUntilReady: options.waitUntilReady,
  });
  return { ...service, dataDir };
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

// `any` by default: specs read whatever the route answers and assert its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
  let value: T | undefined;
  await waitFor(what, async () => (value = await probe()) !== undefined, { timeoutMs: deadlineMs, intervalMs: 25 });
  return value as T;
};

/** The proposal the e2e specs send: Commerce's review of H200 exports to China. */
export const h200 = h200ReviewProposal;
