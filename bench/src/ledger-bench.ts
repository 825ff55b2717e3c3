import { CANONICAL_JSON_AFTER, SqliteEventStore } from '@policy/event-store';
import { inclusionProof, leafHash } from '@policy/ledger';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_FILE, LedgerTreeStore } from '../../apps/api/src/ledger/ledger-tree.store';
import { scanLeaves } from '../../apps/api/src/ledger/log-leaves';
import { entryOfRow } from '../../apps/api/src/ledger/row-entry';
import { percentile, round } from './bench-numbers';
import { PipelineResult } from './pipeline';
import { Figure } from './report';
import { TARGET } from './targets';

export interface LedgerRuns {
  /** The tree built from the whole generated log, as a service does at first start. */
  readonly build: { events: number; elapsedMs: number; eventsPerSecond: number };
  /** The leaf hash of every row's entry alone, no tree: the floor of any build. */
  readonly hashOnly: { events: number; eventsPerSecond: number };
  readonly inclusion: { treeSize: number; samples: number; p50Ms: number; p99Ms: number };
  /** One leaf read by position: the floor of a proof. */
  readonly leafRead: { p50Ms: number; p99Ms: number };
}

const rate = (events: number, ms: number): number => (ms > 0 ? Math.round((events / ms) * 1000) : 0);

/**
 * Builds the ledger's tree from the log in the data dir (left there as the service's tree
 * file, so it starts on it) and times inclusion proofs on it, each beside its floor.
 */
export const ledgerRuns = async (dataDir: string, samples = 5000): Promise<LedgerRuns> => {
  const file = join(dataDir, LEDGER_FILE);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    const canonicalAfter = Number((await store.checkpoints.load(CANONICAL_JSON_AFTER)) ?? Number.MAX_SAFE_INTEGER);
    const hashStarted = performance.now();
    let hashed = 0;
    const reader = store.logScan!.open();
    for (const row of reader.rows({}, 0, reader.head())) {
      leafHash(entryOfRow(row, canonicalAfter));
      hashed++;
    }
    reader.close();
    const hashOnly = { events: hashed, eventsPerSecond: rate(hashed, performance.now() - hashStarted) };

    const tree = new LedgerTreeStore(file, { mode: 'build' });
    const started = performance.now();
    const events = await scanLeaves(store, 0, (leaves) => tree.append(leaves));
    tree.finishBuild();
    const elapsedMs = Math.round(performance.now() - started);
    const size = tree.size;
    const proofTimes: number[] = [];
    const readTimes: number[] = [];
    for (let i = 0; i < samples && size > 0; i++) {
      const position = tree.leaves(Math.floor(Math.random() * size), 1)[0]!.position;
      let t = performance.now();
      const leaf = tree.leafAtPosition(position)!;
      readTimes.push(performance.now() - t);
      t = performance.now();
      const path = inclusionProof(tree, tree.leafAtPosition(position)!.index, size);
      proofTimes.push(performance.now() - t);
      if (path.length === 0 && size > 1) throw new Error(`no path for leaf ${leaf.index}`);
    }
    tree.close();
    proofTimes.sort((a, b) => a - b);
    readTimes.sort((a, b) => a - b);
    return {
      build: { events, elapsedMs, eventsPerSecond: rate(events, elapsedMs) },
      hashOnly,
      inclusion: {
        treeSize: size,
        samples: proofTimes.length,
        p50Ms: round(percentile(proofTimes, 50), 3),
        p99Ms: round(percentile(proofTimes, 99), 3),
      },
      leafRead: { p50Ms: round(percentile(readTimes, 50), 3), p99Ms: round(percentile(readTimes, 99), 3) },
    };
  } finally {
    await store.close();
  }
};

export const ledgerFigures = (runs: LedgerRuns, withLedger: PipelineResult, without: PipelineResult, clients: number): Figure[] => [
  {
    measure: `ledger: appends with the ledger (write path, ${clients} callers, each waiting for its receipt)`,
    result: `${withLedger.perSecond}/s, p99 ${withLedger.p99Ms} ms`,
    target: '>= 90 % of the run without it',
    meets: withLedger.perSecond >= 0.9 * without.perSecond,
    baseline: `without the ledger ${without.perSecond}/s, p99 ${without.p99Ms} ms`,
    ratio: `${round(withLedger.perSecond / without.perSecond, 2)}x`,
  },
  {
    measure: `ledger: tree built from the log (${runs.build.events} events)`,
    result: `${runs.build.eventsPerSecond} events/s (${round(runs.build.elapsedMs / 1000, 1)} s)`,
    target: `>= ${TARGET.rebuildPerSecond} events/s`,
    meets: runs.build.eventsPerSecond >= TARGET.rebuildPerSecond,
    baseline: `leaf hashing alone ${runs.hashOnly.eventsPerSecond} events/s`,
    ratio: `${round(runs.build.eventsPerSecond / runs.hashOnly.eventsPerSecond, 2)}x`,
  },
  {
    measure: `ledger: inclusion proof at ${runs.inclusion.treeSize} leaves (${runs.inclusion.samples} random leaves)`,
    result: `p50 ${runs.inclusion.p50Ms} / p99 ${runs.inclusion.p99Ms} ms`,
    target: 'p99 <= 5 ms',
    meets: runs.inclusion.p99Ms <= 5,
    baseline: `one leaf read p50 ${runs.leafRead.p50Ms} / p99 ${runs.leafRead.p99Ms} ms`,
    ratio: `${round(runs.inclusion.p99Ms / Math.max(runs.leafRead.p99Ms, 0.001), 1)}x p99`,
  },
];
