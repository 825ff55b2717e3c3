import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LogScan } from '@policy/event-store';
import { joinBuiltParts } from '../read-model/join-built-parts';
import { removeFile } from '../rule-read-model';
import type { BuildWorkerMessage, BuildWorkerTask } from './build-worker';
import { buildPartition, PartitionTask } from './partition-build';

export interface ParallelBuildOptions {
  /**
   * Worker threads folding parts at once (default: the machine's cores, at most 4). 0 folds
   * the parts one after another on the calling thread, which is also what happens where the
   * worker script is not compiled (under ts-jest).
   */
  readonly threads?: number;
  /** Stream ranges the log is cut into (default: enough for every thread and for latestCapacity). */
  readonly parts?: number;
  /** Latest rule versions held in memory over all threads at once (default BUILD_LATEST_CAPACITY). */
  readonly latestCapacity?: number;
  readonly commitEvery?: number;
  readonly onProgress?: (events: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Rule states a build holds in memory by default, over all its threads. Each range of streams
 * re-reads the whole log in SQLite, so fewer ranges are faster: at 50,000 the bench's 145,000
 * rules took 10 ranges and the rebuild ran at 30–36k events/s (645 MiB RSS); at this many, two
 * ranges (one per core), 44k events/s (1.36 GiB RSS, two 256 MiB page caches included).
 */
export const BUILD_LATEST_CAPACITY = 150_000;

/** Compiled next to this file in dist/; absent when the sources run through ts-jest. */
const WORKER_SCRIPT = join(__dirname, 'build-worker.js');

/**
 * Builds a complete read-model file at `file` from a store's log scan, as fast as the
 * machine allows: the log is cut into ranges of streams (so every rule's events fall in one
 * range), each range is folded into a file of its own on a worker thread, without indexes,
 * and the parts are then joined in range order into the first one, whose indexes are sorted
 * once over all the rows (join-built-parts.ts), on a worker thread too: the calling thread (the
 * service's event loop, at start) only waits. Memory is bounded by `latestCapacity` however
 * long the log: more rules than that and the log is cut into more ranges (each part re-reads
 * the log, skipping others' rows in SQLite, and holds only its own rules). Returns how many events it read and the last position.
 */
export const buildFromLogScan = async (
  log: LogScan,
  file: string,
  options: ParallelBuildOptions = {},
): Promise<{ events: number; head: number }> => {
  const threads = existsSync(WORKER_SCRIPT) ? (options.threads ?? Math.min(4, availableParallelism())) : 0;
  const concurrency = Math.max(1, threads);
  const capacity = options.latestCapacity ?? BUILD_LATEST_CAPACITY;
  const perPart = Math.max(1000, Math.floor(capacity / concurrency));
  const scan = log.open();
  let head: number;
  let ranges;
  try {
    head = scan.head();
    const parts = options.parts ?? concurrency * Math.max(1, Math.ceil(scan.streams(head) / (perPart * concurrency)));
    ranges = scan.split(parts, head);
  } finally {
    scan.close();
  }
  const targets = ranges.map((_, i) => (i === 0 ? file : `${file}.part${i}`));
  const tasks: PartitionTask[] = ranges.map((range, i) => ({
    log: log.source,
    target: targets[i],
    range,
    head,
    latestCapacity: perPart,
    commitEvery: options.commitEvery ?? 50_000,
    joined: ranges.length > 1,
  }));
  const read = tasks.map(() => 0);
  const progress = (i: number) => (events: number) => {
    read[i] = events;
    options.onProgress?.(read.reduce((a, b) => a + b, 0));
  };
  try {
    if (threads === 0) {
      for (const [i, task] of tasks.entries()) {
        options.signal?.throwIfAborted();
        read[i] = buildPartition(task, progress(i));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } else {
      await inPool(
        tasks.map((part, i) => () => inWorker({ part }, progress(i), options.signal)),
        threads,
      );
    }
    options.signal?.throwIfAborted();
    const join = { target: file, parts: targets.slice(1), checkpoint: head };
    if (threads === 0) joinBuiltParts(join.target, join.parts, join.checkpoint);
    else await inWorker({ join }, () => undefined, options.signal);
  } finally {
    for (const part of targets.slice(1)) removeFile(part);
  }
  return { events: read.reduce((a, b) => a + b, 0), head };
};

/** Runs the jobs, at most `limit` at a time; rejects with the first failure. */
const inPool = async (jobs: (() => Promise<number>)[], limit: number): Promise<void> => {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
};

const inWorker = (task: BuildWorkerTask, onProgress: (events: number) => void, signal?: AbortSignal): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    signal?.throwIfAborted();
    const worker = new Worker(WORKER_SCRIPT, { workerData: task });
    let result: number | undefined;
    const abort = () => void worker.terminate();
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: BuildWorkerMessage) => {
      if ('progress' in message) onProgress(message.progress);
      else result = message.done;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      signal?.removeEventListener('abort', abort);
      if (result !== undefined) resolve(result);
      else
        reject(
          signal?.aborted
            ? signal.reason
            : new Error(`a read-model build worker stopped (exit code ${code}) before finishing its ${'part' in task ? 'part' : 'join'}`),
        );
    });
  });
