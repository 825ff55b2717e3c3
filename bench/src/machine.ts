import { execFileSync } from 'node:child_process';
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { round } from './bench-numbers';

/** What the results were measured on: they mean little without it. */
export const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  freeMemoryGiB: round(freemem() / 2 ** 30, 1),
  node: process.version,
  os: `${platform()} ${release()}`,
});

/** Which code was measured; `dirty` when the work tree had uncommitted changes. */
export const gitCommit = (root: string): { commit: string; dirty: boolean } => {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
};
