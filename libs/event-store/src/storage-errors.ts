import { ServiceUnavailableError } from '@policy/domain';

/** Seconds a refused writer is told to wait: long enough for an operator's clean-up to matter. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLite's (and the file system's) ways of saying there is no room, or that the disk failed
 * under it: a write may succeed again once space returns, so they are worth retrying.
 */
export const isStorageFailure = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'ENOSPC' || code === 'EDQUOT')) {
    return true;
  }
  return error instanceof Error && /database or disk is full|no space left on device/i.test(error.message);
};

/** What a write refused for want of space answers: 503 `storage_unavailable`, nothing recorded. */
export const storageUnavailable = (what: string): ServiceUnavailableError =>
  new ServiceUnavailableError(
    'storage_unavailable',
    `${what}: the disk under the service's data directory is full or failing; nothing was recorded. Retry once space is freed`,
    STORAGE_RETRY_AFTER_SECONDS,
  );
