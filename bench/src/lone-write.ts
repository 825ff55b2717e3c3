import { SqliteEventStore } from '@policy/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, round } from './bench-numbers';
import type { Figure } from './report';

/**
 * Where a lone write's time goes, stage by stage: the first stage, measured here, is the store
 * alone — one caller appending one event at a time through the SQLite store's writer thread, as
 * the service does, with and without an fsync per commit (`synchronous` FULL, the default, and
 * NORMAL). The later stages are the write path without HTTP from one caller (pipeline.ts) and
 * the HTTP append from one client; the differences between them are what each layer adds.
 */
export interface LoneAppends {
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly appends: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU of this process (every thread, user and system) per append: an fsync costs CPU too. */
  readonly cpuMicrosPerAppend: number;
}

/** About the size of a proposal's stored data and metadata. */
const DATA = { title: 'lone write', terms: 'x'.repeat(600) };
const METADATA = { actor: 'key:bench', correlationId: 'bench-lone-write', schemaVersion: 1 };

export const measureLoneAppends = async (synchronous: 'FULL' | 'NORMAL', seconds: number): Promise<LoneAppends> => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-lone-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous });
  try {
    // Starts the writer thread and warms its statements before anything is timed.
    for (let i = 0; i < 50; i++) await append(store, i);
    const latencies: number[] = [];
    const cpu = process.cpuUsage();
    const end = performance.now() + seconds * 1000;
    for (let i = 0; performance.now() < end; i++) {
      const started = performance.now();
      await append(store, i);
      latencies.push(performance.now() - started);
    }
    const used = process.cpuUsage(cpu);
    latencies.sort((a, b) => a - b);
    return {
      synchronous,
      appends: latencies.length,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      cpuMicrosPerAppend: Math.round((used.user + used.system) / latencies.length),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const append = (store: SqliteEventStore, i: number) =>
  store.append(`bench-lone-${i % 100}`, [{ eventId: randomUUID(), type: 'RuleProposed', data: DATA, metadata: METADATA }], {
    expectedRevision: 'any',
  });

export interface LoneWriteStages {
  readonly full: LoneAppends;
  readonly normal: LoneAppends;
  /** The write path without HTTP from one caller (pipeline.ts). */
  readonly withoutHttp: { p50Ms: number; p99Ms: number; cpuMicrosPerCommand: number };
  /** The HTTP append from one client, and the empty route from one client. */
  readonly http: { p50Ms: number; p99Ms: number };
  readonly floor: { p50Ms: number; p99Ms: number };
  readonly generator: string;
}

const ms = (r: { p50Ms: number; p99Ms: number }) => `${r.p50Ms} / ${r.p99Ms} ms`;

/** Issue 15's aim for one client: p99 <= 2 ms over HTTP. */
export const LONE_WRITE_P99_MS = 2;

export const loneWriteFigure = (s: LoneWriteStages): Figure => ({
  measure: `where a lone write waits, 1 caller (p50 / p99): the store commit with fsync -> + command and projector -> + HTTP (${s.generator})`,
  result: `${ms(s.full)} -> ${ms(s.withoutHttp)} -> ${ms(s.http)}`,
  target: `HTTP p99 <= ${LONE_WRITE_P99_MS} ms`,
  meets: s.http.p99Ms <= LONE_WRITE_P99_MS,
  baseline: `the same commit without fsync (synchronous=NORMAL) ${ms(s.normal)}; empty route ${ms(s.floor)}`,
  ratio: `the fsync'd commit is ${round((s.full.p50Ms / s.http.p50Ms) * 100, 0)} % of the HTTP write's p50; CPU per commit ${s.full.cpuMicrosPerAppend} us with fsync, ${s.normal.cpuMicrosPerAppend} us without; the write path without HTTP ${s.withoutHttp.cpuMicrosPerCommand} us per command`,
});
