import { join } from 'node:path';
import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import type { CommitTiming } from './sqlite/sqlite-writer';

export interface EventStoreSettings {
  readonly kind: 'sqlite' | 'kurrentdb';
  /** Where `events.sqlite` lives (sqlite only). */
  readonly dataDir: string;
  readonly sqliteSync?: 'FULL' | 'NORMAL';
  /** How often a live subscription looks for appends by other processes (sqlite only). */
  readonly pollIntervalMs?: number;
  readonly kurrentDbConnectionString?: string;
  /** How long `open()` keeps probing KurrentDB before giving up (POLICY_STORE_START_TIMEOUT_MS). */
  readonly startTimeoutMs?: number;
  /** Where KurrentDB's start-up probe logs its attempts, one line each. */
  readonly logger?: { log(message: string): void; warn(message: string): void };
  /** Told of every group commit (sqlite only: KurrentDB commits on its server). */
  readonly onCommit?: (commit: CommitTiming) => void;
}

/** Opens the configured store; every process (api, publisher, tools) opens it the same way. */
export const openEventStore = async (settings: EventStoreSettings): Promise<EventStore> => {
  switch (settings.kind) {
    case 'sqlite':
      return new SqliteEventStore(join(settings.dataDir, 'events.sqlite'), {
        synchronous: settings.sqliteSync,
        pollIntervalMs: settings.pollIntervalMs,
        onCommit: settings.onCommit,
      });
    case 'kurrentdb': {
      if (!settings.kurrentDbConnectionString) throw new Error('a KurrentDB connection string is required');
      // Loaded only when chosen: the client brings a gRPC stack the embedded default never needs.
      const { KurrentDbEventStore } = await import('./kurrentdb/kurrentdb-event-store');
      return KurrentDbEventStore.fromConnectionString(settings.kurrentDbConnectionString, {
        startTimeoutMs: settings.startTimeoutMs,
        logger: settings.logger,
      });
    }
  }
};
