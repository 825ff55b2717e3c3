import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The built api (`dist/apps/api/src/main.js`) as a child process of its own, on a free port:
 * how the e2e tests and the bench both run the service, so that they measure and test the
 * same thing a deployment runs, across a process boundary.
 */
export interface ServiceProcessOptions {
  /** The project root (the one holding `dist/`). */
  readonly root: string;
  readonly dataDir: string;
  /** The bootstrap admin key (POLICY_ADMIN_KEY), for the caller's own requests. */
  readonly adminKey: string;
  /** More environment, on top of the minimal one (an `undefined` value removes a variable). */
  readonly env?: Record<string, string | undefined>;
  /** How long the service may take to listen before it is killed and the start fails. */
  readonly startTimeoutMs: number;
  /** Called right after the spawn, before the service listens (e.g. to sample its memory from the start). */
  readonly onSpawn?: (child: ChildProcess) => void;
  /**
   * Resolve once `/health/ready` answers 200 (the default), or as soon as the service listens
   * (`false`: to watch the start-up itself). It listens before its store and read model are ready.
   */
  readonly waitUntilReady?: boolean;
}

export interface ServiceProcess {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGTERM (graceful shutdown) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing. */
  kill(): Promise<void>;
}

export const apiMain = (root: string): string => join(root, 'dist/apps/api/src/main.js');

/** The service announces its address in this line once it accepts connections. */
const LISTENING = /listening on http:\/\/[^:]+:(\d+)/;

/** Starts the built service and resolves once it listens; rejects (and kills it) if it exits or times out first. */
export const startServiceProcess = async (options: ServiceProcessOptions): Promise<ServiceProcess> => {
  const child = spawn(process.execPath, [apiMain(options.root)], {
    cwd: options.root,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      POLICY_DATA_DIR: options.dataDir,
      POLICY_ADMIN_KEY: options.adminKey,
      LOG_LEVEL: 'log',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const port = await new Promise<number>((resolvePort, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service did not start within ${Math.round(options.startTimeoutMs / 1000)} s:\n${output}`));
    }, options.startTimeoutMs);
    const check = (chunk: Buffer) => {
      output += chunk;
      const match = LISTENING.exec(output);
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
  const url = `http://127.0.0.1:${port}`;
  if (options.waitUntilReady ?? true) await untilReady(url, child, options.startTimeoutMs, () => output);
  // A process that has already exited is not signalled again; waiting on `exited` still resolves.
  const endWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    process: child,
    output: () => output,
    stop: () => endWith('SIGTERM'),
    kill: () => endWith('SIGKILL'),
  };
};

/** Polls `/health/ready` until it answers 200; kills the service and fails after `timeoutMs`. */
const untilReady = async (url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`service exited before it was ready:\n${output()}`);
    const status = await fetch(`${url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service was not ready within ${Math.round(timeoutMs / 1000)} s (last /health/ready: ${status}):\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
