import { EventStore } from '@policy/event-store';
import { buildFromLogScan, ParallelBuildOptions } from './build/parallel-build';
import { ReadModelFile } from './read-model/read-model-file';
import { removeFile } from './rule-read-model';
import { applyFeedEvent } from './feed-event';

export interface BuildProgress {
  /** Events folded so far by this build. */
  readonly events: number;
  /** Last position folded. */
  readonly position: bigint | undefined;
  readonly elapsedMs: number;
}

export interface CatchUpOptions {
  /** Events per read from the log: the only part of the log held in memory at once. */
  readonly pageSize?: number;
  /** Events per read-model transaction. */
  readonly commitEvery?: number;
  /**
   * Let the event loop run between pages, so a build inside the service leaves it answering
   * requests (at some cost in build speed).
   */
  readonly yieldBetweenPages?: boolean;
  readonly onProgress?: (progress: BuildProgress) => void;
  /** How often onProgress is called. */
  readonly progressEveryMs?: number;
  readonly signal?: AbortSignal;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Folds the log into `target` from its checkpoint up to the log's head as of the last read,
 * streaming it page by page (memory stays flat however long the log is). Returns how many
 * events it folded and where it stopped.
 */
export const catchUp = async (store: EventStore, target: ReadModelFile, options: CatchUpOptions = {}): Promise<BuildProgress> => {
  const pageSize = options.pageSize ?? 5000;
  const commitEvery = options.commitEvery ?? 50_000;
  const started = Date.now();
  let position = target.checkpoint();
  let events = 0;
  let uncommitted = 0;
  let reported = started;
  const progress = (): BuildProgress => ({ events, position, elapsedMs: Date.now() - started });
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await store.readAll({ fromPosition: position, limit: pageSize });
    for (const event of page) {
      applyFeedEvent(target, event);
      position = event.position;
    }
    events += page.length;
    uncommitted += page.length;
    if (uncommitted >= commitEvery || page.length < pageSize) {
      target.commit();
      uncommitted = 0;
    }
    if (options.onProgress && Date.now() - reported >= (options.progressEveryMs ?? 1000)) {
      reported = Date.now();
      options.onProgress(progress());
    }
    if (page.length < pageSize) return progress();
    if (options.yieldBetweenPages) await nextTurn();
  }
};

/**
 * Builds a complete read-model file at `file` (which must not exist) from the whole log, and
 * closes it; adopt it with `RuleReadModel.adopt`. A failed build deletes its file. A store
 * that offers a log scan (the embedded one) is read in bulk and folded on worker threads
 * (build/parallel-build.ts); other stores are read page by page through the port.
 */
export const buildReadModel = async (
  store: EventStore,
  file: string,
  options: CatchUpOptions & Pick<ParallelBuildOptions, 'threads' | 'parts' | 'latestCapacity'> = {},
): Promise<BuildProgress> => {
  if (store.logScan) {
    const started = Date.now();
    let reported = started;
    try {
      const { events, head } = await buildFromLogScan(store.logScan, file, {
        ...options,
        onProgress: (events) => {
          if (!options.onProgress || Date.now() - reported < (options.progressEveryMs ?? 1000)) return;
          reported = Date.now();
          options.onProgress({ events, position: undefined, elapsedMs: reported - started });
        },
      });
      return { events, position: head === 0 ? undefined : BigInt(head), elapsedMs: Date.now() - started };
    } catch (error) {
      removeFile(file);
      throw error;
    }
  }
  const target = new ReadModelFile(file, 'build', { latestCapacity: options.latestCapacity });
  try {
    const result = await catchUp(store, target, options);
    target.markComplete();
    target.close();
    return result;
  } catch (error) {
    target.close();
    removeFile(file);
    throw error;
  }
};
