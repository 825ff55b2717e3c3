import { Logger } from '@nestjs/common';
import { EventStore, openEventStore } from '@policy/event-store';
import { Config } from '../config/config';

/** The configured store; the rest of the service only ever sees the port. */
export const createEventStore = (config: Config): Promise<EventStore> =>
  openEventStore({
    kind: config.EVENT_STORE,
    dataDir: config.POLICY_DATA_DIR,
    sqliteSync: config.POLICY_SQLITE_SYNC,
    kurrentDbConnectionString: config.KURRENTDB_CONNECTION_STRING,
    startTimeoutMs: config.POLICY_STORE_START_TIMEOUT_MS,
    logger: new Logger('EventStore'),
  });
