import { SqliteEventStore, SqliteEventStoreOptions } from '@policy/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRandomHistory, RandomHistory } from './random-history';

/** A SQLite event store in a directory of its own, holding a random history for a spec to read back. */
export interface HistoryStore {
  /** The directory: the spec's read models and snapshots go beside the log, and go with it. */
  readonly dir: string;
  readonly store: SqliteEventStore;
  readonly history: RandomHistory;
  /** Closes the store and removes the directory; whatever reads the store must be closed first. */
  close(): Promise<void>;
}

/** Opens a store in a fresh temporary directory named from `prefix`, and appends the history `options` ask for. */
export const openHistoryStore = async (
  prefix: string,
  options: Parameters<typeof appendRandomHistory>[1],
  storeOptions: SqliteEventStoreOptions = {},
): Promise<HistoryStore> => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'), storeOptions);
  const history = await appendRandomHistory(store, options);
  return {
    dir,
    store,
    history,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
