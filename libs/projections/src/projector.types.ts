import type { BuildProgress } from './read-model-builder';

export interface ProjectorLogger {
  log(message: string): void;
  /** Absent: warnings go to `log`. */
  warn?(message: string): void;
  error(message: string, trace?: string): void;
}

export const warn = (logger: ProjectorLogger, message: string): void => (logger.warn ? logger.warn(message) : logger.log(message));

/** Commits of the read model failing for want of space (or a failing disk), since when and why. */
export interface StorageFailure {
  readonly since: string;
  readonly reason: string;
  /** Failed commits in a row; the pause before the next grows with it. */
  readonly attempts: number;
}

export interface ProjectorStatus {
  readonly running: boolean;
  readonly caughtUp: boolean;
  /** Last position folded into the read model: what queries see. */
  readonly position: bigint | undefined;
  /** Last position committed to the read-model file: where a restart resumes (at most 50 ms behind). */
  readonly committed: bigint | undefined;
  readonly lastError?: string;
  /** A rebuild in progress: why, and how far the new file has got. */
  readonly rebuilding?: { readonly reason: string; readonly events: number; readonly position: number | null };
  /** Set while the read model cannot commit: writes are refused meanwhile, reads go on. */
  readonly storageFailure?: StorageFailure;
}

export interface RebuildReport extends BuildProgress {
  readonly reason: string;
}
