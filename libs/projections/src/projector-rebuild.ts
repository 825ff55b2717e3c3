import type { EventStore } from '@policy/event-store';
import type { ProjectorLogger, RebuildReport } from './projector.types';
import { BuildProgress, catchUp } from './read-model-builder';
import { ReadModelFile } from './read-model/read-model-file';
import { removeFile, RuleReadModel } from './rule-read-model';

export interface LiveRebuild {
  readonly store: EventStore;
  readonly readModel: RuleReadModel;
  readonly logger: ProjectorLogger;
  readonly pageSize?: number;
  /** Stops the live feed at a commit boundary; the function it returns starts it again. */
  readonly pause: () => Promise<() => void>;
  readonly stopped: () => boolean;
  readonly reason: string;
  /** Where the new file is built, beside the live one. */
  readonly target: string;
  readonly onProgress: (progress: BuildProgress) => void;
}

/**
 * A rebuild beside the live read model, which keeps answering and following the log: the new
 * file is filled from the log, then the live feed pauses while it takes the last events, the
 * files are swapped, and the feed resumes on the new one. A failed or stopped rebuild leaves
 * the live file as it was and removes the new one.
 */
export const rebuildBesideLive = async (rebuild: LiveRebuild): Promise<RebuildReport> => {
  const { store, readModel, logger, reason, target } = rebuild;
  logger.log(`rebuilding the read model beside the live one (${reason}) into ${target}`);
  const built = new ReadModelFile(target, 'rebuild');
  let adopted = false;
  try {
    const bulk = await catchUp(store, built, { yieldBetweenPages: true, onProgress: rebuild.onProgress, pageSize: rebuild.pageSize });
    const resume = await rebuild.pause();
    try {
      const tail = await catchUp(store, built);
      if (rebuild.stopped()) throw new Error('the projector was stopped');
      built.markComplete();
      built.close();
      readModel.adopt(target);
      adopted = true;
      const report = {
        reason,
        events: bulk.events + tail.events,
        position: tail.position ?? bulk.position,
        elapsedMs: bulk.elapsedMs + tail.elapsedMs,
      };
      logger.log(
        `read model rebuilt: ${report.events} events in ${report.elapsedMs} ms, swapped in at position ${report.position ?? 'start'}`,
      );
      return report;
    } finally {
      resume();
    }
  } finally {
    if (!adopted) {
      built.close();
      removeFile(target);
    }
  }
};
