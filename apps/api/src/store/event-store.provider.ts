import { EventStore, SqliteEventStore } from '@policy/event-store';
import { join } from 'node:path';
import { Config } from '../config/config';

/** The configured store; the rest of the service only ever sees the port. */
export const createEventStore = async (config: Config): Promise<EventStore> => {
  switch (config.EVENT_STORE) {
    case 'sqlite':
      return new SqliteEventStore(join(config.POLICY_DATA_DIR, 'events.sqlite'), { synchronous: config.POLICY_SQLITE_SYNC });
    case 'kurrentdb': {
      // Loaded only when chosen: the client brings a native gRPC stack the embedded default never needs.
      const { KurrentDbEventStore } = await import('@policy/event-store/kurrentdb');
      return KurrentDbEventStore.fromConnectionString(config.KURRENTDB_CONNECTION_STRING!);
    }
  }
};
