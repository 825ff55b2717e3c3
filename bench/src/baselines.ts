import Database from 'better-sqlite3';
import { SqliteEventStore } from '@policy/event-store';
import { replayRule } from '@policy/projections';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, round } from './bench-numbers';
import { emptyFacts, generateHistory, HistoryOptions, HOT_RULE_ID, RuleFacts } from './history';
import { PipelineResult } from './pipeline';

/**
 * The baselines each service figure is set against, measured in the same run on the same
 * machine: what the same work costs without the service around it.
 */
const PIPELINE = join(__dirname, 'pipeline.js');

/**
 * The append ceiling: the same rows inserted into the same schema by one process with no
 * service around it, in 1,000-row transactions (what SQLite itself can take) and one
 * transaction per row with the service's `synchronous = FULL` (one fsync per commit).
 */
export const insertCeiling = (history: HistoryOptions, events: number): { batchedPerSecond: number; perCommitPerSecond: number } => {
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

/** The naive point-in-time read for the long rule: fold its whole log, no snapshots. */
export const naiveHotFold = async (dataDir: string, facts: RuleFacts): Promise<{ p50Ms: number; samples: number }> => {
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
export const pipeline = (root: string, clients: number, seconds: number, ledger = false): PipelineResult => {
  const output = execFileSync(process.execPath, [PIPELINE, String(clients), String(seconds), ...(ledger ? ['ledger'] : [])], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').pop()!) as PipelineResult;
};
