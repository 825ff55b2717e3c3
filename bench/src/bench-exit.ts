import { log } from './bench-numbers';

/** How long a finished run may wait for the event loop to empty by itself. */
const GRACE_MS = 5000;

/**
 * Ends the process once a run is over. Every client and timer is closed on every path, so the
 * loop should empty at once; if something still holds it (a library's socket or timer), the
 * run says what and exits anyway instead of hanging until an outer timeout kills it.
 */
export const exitWhenDone = (): void => {
  setTimeout(() => {
    log(`still open ${GRACE_MS / 1000} s after the run: ${process.getActiveResourcesInfo().join(', ') || 'nothing named'}; exiting`);
    process.exit();
  }, GRACE_MS).unref();
};
