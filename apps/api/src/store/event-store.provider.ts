import { EventStore, SqliteEventStore } from '@policy/event-store';
import { join } from 'node:path';
import { Config } from '../config/config';

/** The configured store; the rest of the service only ever sees the port. */
export const createEventStore = async (config: Config): Promise<EventStore> => {
  switch (config.EVENT_STORE) {
    case 'sqlite':
      return new SqliteEventStore(join(config.POLICY_DATA_DIR, 'events.sqlite'), { synchronous: config.POLICY_SQLITE_SYNC });
    case 'kurrentdb':
      throw new Error('EVENT_STORE=kurrentdb is not wired yet');
  }
};
