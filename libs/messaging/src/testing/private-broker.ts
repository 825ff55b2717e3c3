import { spawn } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', '..', '..', 'infra', 'kafka', 'kafka.mjs');

/**
 * A broker of one test's own, for tests that stop and restart it. Driven through the infra
 * script's CLI: the script is ESM, which ts-jest's CommonJS runtime cannot import.
 */
export class PrivateBroker {
  brokers?: string;

  constructor(readonly stateDir: string) {}

  /** Starts it (again, on the same port and data, after `stop`); resolves once it serves. */
  async start(): Promise<string> {
    const port = this.brokers ? ['--port', this.brokers.split(':')[1]] : [];
    const output = await run(['start', '--state-dir', this.stateDir, ...port]);
    const line = output.trim().split('\n').pop() ?? '';
    const match = /^KAFKA_BROKERS=(.+)$/.exec(line);
    if (!match) throw new Error(`kafka.mjs start printed no KAFKA_BROKERS line: ${output}`);
    this.brokers = match[1];
    return this.brokers;
  }

  async stop(): Promise<void> {
    await run(['stop', '--state-dir', this.stateDir]);
  }
}

const run = (args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`kafka.mjs ${args.join(' ')} exited ${code}:\n${stderr}`)),
    );
  });
