import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const PUBLISHER = resolve(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'publisher', 'src', 'main.js');

/** The built publisher as a real process, so it can be killed without warning. */
export class PublisherProcess {
  readonly lines: Record<string, unknown>[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  /** The end of what it wrote to stderr, for a test's failure message. */
  private stderrTail = '';

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [PUBLISHER], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) this.lines.push(JSON.parse(line));
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      if (process.env.DEBUG_RELAY) process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-1000);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  named(event: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.event === event);
  }

  /** What it last said, and its stderr's end: why a wait on it timed out. */
  recent(): { events: unknown[]; stderr: string } {
    return { events: this.lines.slice(-5).map((line) => line.event), stderr: this.stderrTail };
  }
}
