/**
 * The store never answered within the start timeout (POLICY_STORE_START_TIMEOUT_MS): the
 * process should say so in one line and exit non-zero, so an orchestrator restarts it.
 */
export class StoreStartError extends Error {
  override readonly name = 'StoreStartError';
}
