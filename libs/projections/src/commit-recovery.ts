import { backoffDelay, sleep } from '@policy/common';
import { ProjectorLogger, StorageFailure, warn } from './projector.types';

export interface CommitRecovery {
  /** The error of the commit that failed first. */
  readonly error: unknown;
  /**
   * Puts back, in a new open transaction, what was applied since the last commit: a failed
   * COMMIT makes SQLite roll the whole transaction back, and queries must keep seeing it.
   */
  readonly reapply: () => Promise<void>;
  readonly commit: () => void;
  readonly onFailing: (failure: StorageFailure) => void;
  /** True once the projector is stopping or pausing: the recovery then gives up quietly. */
  readonly cancelled: () => boolean;
  readonly signal: AbortSignal;
  readonly logger: ProjectorLogger;
  readonly now: () => Date;
}

/** Pauses between commit attempts: from half a second, doubling, to at most half a minute. */
const PAUSES = { initialMs: 500, maxMs: 30_000 };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * What the projector does when the read model cannot commit (a full disk, above all): it keeps
 * what readers were shown, by applying the uncommitted events again in memory, and tries the
 * commit again after growing pauses, one log line per attempt, until it succeeds or the
 * projector stops. The feed stays closed meanwhile, so the open transaction does not grow;
 * the write path refuses new writes while `onFailing` has reported a failure.
 * Resolves true once a commit succeeded, false when cancelled.
 */
export const recoverFailedCommits = async (recovery: CommitRecovery): Promise<boolean> => {
  const since = recovery.now().toISOString();
  let reason = message(recovery.error);
  for (let attempt = 1; ; attempt++) {
    if (recovery.cancelled()) return false;
    await recovery.reapply();
    recovery.onFailing({ since, reason, attempts: attempt });
    const delayMs = backoffDelay(attempt, PAUSES);
    warn(recovery.logger, `the read model cannot commit (${reason}); holding its last events in memory, next attempt in ${delayMs} ms`);
    await sleep(delayMs, recovery.signal);
    if (recovery.cancelled()) return false;
    try {
      recovery.commit();
      recovery.logger.log(`the read model commits again, after ${attempt} failed attempts since ${since}`);
      return true;
    } catch (error) {
      reason = message(error);
    }
  }
};
