import { Logger } from '@nestjs/common';
import { EventStore, openEventStore } from '@policy/event-store';
import { Config } from '../config/config';
import { Metrics } from '../observability/metrics';
import { instrumentStore } from './instrumented-store';

/**
 * The configured store; the rest of the service only ever sees the port. Given the app's
 * metrics, it reports how long appends and (SQLite) group commits take.
 */
export const createEventStore = async (config: Config, metrics?: Metrics): Promise<EventStore> => {
  const commits = metrics?.histogram('policy_store_commit_duration_seconds', 'time of one group commit: its transaction and fsync');
  const store = await openEventStore({
    kind: config.EVENT_STORE,
    dataDir: config.POLICY_DATA_DIR,
    sqliteSync: config.POLICY_SQLITE_SYNC,
    kurrentDbConnectionString: config.KURRENTDB_CONNECTION_STRING,
    startTimeoutMs: config.POLICY_STORE_START_TIMEOUT_MS,
    logger: new Logger('EventStore'),
    onCommit: commits && ((commit) => commits.observe(commit.seconds)),
  });
  return metrics ? instrumentStore(store, metrics) : store;
};
