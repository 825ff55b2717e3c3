import Database from 'better-sqlite3';
import { ConcurrencyError } from '@policy/domain';
import type { EventStore } from '@policy/event-store';
import { timeOrderedUuid } from '@policy/common';
import { join } from 'node:path';

/** The last word on a lease: who wrote it, and its fencing token (it grows with every write). */
export interface LeaseRecord {
  readonly owner: string;
  readonly token: bigint;
  /** The owner let go (a graceful stop): a standby may take over at once. */
  readonly released: boolean;
}

/**
 * Where a lease lives: a compare-and-set register. `write` succeeds only if the token is still
 * `expected` (undefined: nothing written yet), so of two writers racing from one record, one
 * wins and the other learns it lost. The token it returns fences everything its holder does.
 */
export interface LeaseStore {
  read(name: string): Promise<LeaseRecord | undefined>;
  /** The new token, or undefined when another writer wrote first. */
  write(name: string, expected: bigint | undefined, owner: string, released?: boolean): Promise<bigint | undefined>;
  close(): Promise<void>;
}

/**
 * Leases of processes sharing a SQLite data directory, in a file of their own beside the log
 * (`leases.sqlite`): renewals every few seconds must not become events of the log, whose
 * positions count events.
 */
export class SqliteLeaseStore implements LeaseStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, token INTEGER NOT NULL, released INTEGER NOT NULL)',
    );
  }

  async read(name: string): Promise<LeaseRecord | undefined> {
    const row = this.db.prepare('SELECT owner, token, released FROM leases WHERE name = ?').get(name) as
      { owner: string; token: number; released: number } | undefined;
    return row && { owner: row.owner, token: BigInt(row.token), released: row.released === 1 };
  }

  async write(name: string, expected: bigint | undefined, owner: string, released = false): Promise<bigint | undefined> {
    const flag = released ? 1 : 0;
    const changed =
      expected === undefined
        ? this.db.prepare('INSERT OR IGNORE INTO leases (name, owner, token, released) VALUES (?, ?, 1, ?)').run(name, owner, flag).changes
        : this.db
            .prepare('UPDATE leases SET owner = ?, token = token + 1, released = ? WHERE name = ? AND token = ?')
            .run(owner, flag, name, Number(expected)).changes;
    if (changed === 0) return undefined;
    return expected === undefined ? 1n : expected + 1n;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** The lease stream's prefix: outside the feed's prefixes, so no reader of the feed sees it. */
export const LEASE_STREAM_PREFIX = 'policy-lease-';

/**
 * Leases kept in the event store itself (KurrentDB, where processes share no disk): a stream per
 * lease, each write an event appended at the expected revision, which is the token. The stream
 * is outside the feed's prefixes; on KurrentDB its `$maxCount` could trim it, which the port
 * does not offer, so old lease events stay until scavenged by an operator's policy.
 */
export class EventStoreLeaseStore implements LeaseStore {
  constructor(private readonly store: EventStore) {}

  async read(name: string): Promise<LeaseRecord | undefined> {
    const [last] = await this.store.readStream(`${LEASE_STREAM_PREFIX}${name}`, { direction: 'backwards', maxCount: 1 });
    if (!last) return undefined;
    const data = last.data as { owner?: unknown; released?: unknown };
    return { owner: String(data.owner), token: last.revision, released: data.released === true };
  }

  async write(name: string, expected: bigint | undefined, owner: string, released = false): Promise<bigint | undefined> {
    try {
      const result = await this.store.append(
        `${LEASE_STREAM_PREFIX}${name}`,
        [{ eventId: timeOrderedUuid(), type: 'LeaseWritten', data: { owner, released }, metadata: {} }],
        { expectedRevision: expected ?? 'no-stream' },
      );
      return result.nextRevision;
    } catch (error) {
      if (error instanceof ConcurrencyError) return undefined;
      throw error;
    }
  }

  async close(): Promise<void> {}
}

/** The lease store for a store kind: a file beside the SQLite log, or the KurrentDB store itself. */
export const openLeaseStore = (kind: 'sqlite' | 'kurrentdb', dataDir: string, store: EventStore): LeaseStore =>
  kind === 'sqlite' ? new SqliteLeaseStore(join(dataDir, 'leases.sqlite')) : new EventStoreLeaseStore(store);
