import { RULE_STREAM_PREFIX, toTrustedEnvelope } from '@policy/domain';
import { LogScanSource, openLogScan, StreamRange } from '@policy/event-store';
import { ReadModelFile } from '../read-model/read-model-file';

/** One part of a build: the streams of `range`, from the log up to `head`, into a file of its own. */
export type PartitionTask = Readonly<{
  /** The store's log (its `logScan.source`), opened again by whichever thread runs the part. */
  log: LogScanSource;
  target: string;
  range: StreamRange;
  head: number;
  /** Latest rule versions kept in memory by this part (it spills the rest to its file). */
  latestCapacity: number;
  /** Events per transaction, and per progress report. */
  commitEvery: number;
  /** The part is one of several to be joined: it leaves its indexes to the join, which sorts them once. */
  joined: boolean;
}>;

/**
 * Folds one range of streams of the log into a new read-model file and sorts its indexes.
 * Runs on a worker thread (build-worker.ts) or, where workers cannot load, in-process; the
 * parts are then joined (`joinBuiltParts`). Returns how many events of the range it read.
 */
export const buildPartition = (task: PartitionTask, onProgress?: (events: number) => void): number => {
  const file = new ReadModelFile(task.target, 'build', { latestCapacity: task.latestCapacity });
  const scan = openLogScan(task.log);
  try {
    let events = 0;
    for (const [position, streamId, revision, eventId, type, data, metadata] of scan.rows(task.range, 0, task.head)) {
      events++;
      // Other streams share the log (and the ranges); they are not the read model's business.
      if (streamId.startsWith(RULE_STREAM_PREFIX)) {
        file.apply(toTrustedEnvelope({ position, revision, eventId, type, data: JSON.parse(data), metadata: JSON.parse(metadata) }));
      }
      if (events % task.commitEvery === 0) {
        file.commit();
        onProgress?.(events);
      }
    }
    if (task.joined) file.finishPart();
    else file.finishBuild();
    onProgress?.(events);
    return events;
  } finally {
    scan.close();
    file.close();
  }
};
