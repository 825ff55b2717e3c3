import { SqliteBulkLoader } from '@policy/event-store';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './bench-numbers';
import { emptyFacts, generateHistory, HistoryOptions, RuleFacts } from './history';
import { RssSampler } from './rss-sampler';

/** The work the bench does on the data directory without the service: fill it, and rebuild from it. */

/** Writes the history into `events.sqlite` through the store's bulk loader. */
export const generate = (dataDir: string, history: HistoryOptions): { facts: RuleFacts; seconds: number; bytes: number } => {
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

export interface RebuildResult {
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  readonly peakRssMb: number;
  readonly peakAnonMb: number;
}

/** Runs `npm run rebuild`'s compiled CLI on the data: the offline full rebuild. */
export const rebuild = async (root: string, dataDir: string): Promise<RebuildResult> => {
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/rebuild.cli.js')], {
    cwd: root,
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
