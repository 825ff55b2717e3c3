import Database from 'better-sqlite3';
import { PointInTime, Rule, RULE_STATE_VERSION, RuleEventEnvelope, RuleState } from '@policy/domain';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RuleSnapshot {
  readonly revision: number;
  /** The event at `revision`: the snapshot is only used while the log still has it there. */
  readonly eventId: string;
  readonly state: Rule;
}

/** Revisions between snapshots: a replay folds at most this many events past the nearest one. */
export const SNAPSHOT_INTERVAL = 50;

/**
 * Folded states of long rule histories, every SNAPSHOT_INTERVAL revisions, kept in their own
 * disposable SQLite file. They are written only by the replay path, from events it has just
 * read from the log and validated, never copied from the read model: so a replay stays an
 * independent check of the read model. Each one names the event it was folded up to, and the
 * replay checks the log still has that event at that revision before trusting it; snapshots
 * of another RULE_STATE_VERSION (another `evolve`) are ignored.
 */
export class RuleSnapshots {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(
    readonly file: string,
    readonly interval = SNAPSHOT_INTERVAL,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A cache of the log: losing the last few writes costs a longer fold, nothing more.
    this.db.pragma('synchronous = OFF');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS snapshots (
        rule_id      TEXT    NOT NULL,
        revision     INTEGER NOT NULL,
        version      INTEGER NOT NULL,
        event_id     TEXT    NOT NULL,
        effective_at TEXT    NOT NULL,
        recorded_at  TEXT    NOT NULL,
        state        TEXT    NOT NULL,
        PRIMARY KEY (rule_id, revision)
      ) WITHOUT ROWID;
    `);
    this.statements = {
      nearest: this.db.prepare<[string, number, string, string], { revision: number; event_id: string; state: string }>(
        `SELECT revision, event_id, state FROM snapshots
         WHERE rule_id = ? AND version = ? AND effective_at <= ? AND recorded_at <= ?
         ORDER BY revision DESC LIMIT 1`,
      ),
      save: this.db.prepare(
        `INSERT OR REPLACE INTO snapshots (rule_id, revision, version, event_id, effective_at, recorded_at, state)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      has: this.db.prepare<[string, number, number]>('SELECT 1 FROM snapshots WHERE rule_id = ? AND revision = ? AND version = ?'),
      forget: this.db.prepare<[string]>('DELETE FROM snapshots WHERE rule_id = ?'),
      count: this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM snapshots'),
    };
  }

  /**
   * The latest snapshot whose event is visible at the point. Both clocks only grow within a
   * rule, so every event before it is visible too, and the fold may start after it.
   */
  nearest(ruleId: string, at: PointInTime): RuleSnapshot | undefined {
    const row = this.statements.nearest.get(ruleId, RULE_STATE_VERSION, at.asOf, at.knownAt);
    return row ? { revision: row.revision, eventId: row.event_id, state: JSON.parse(row.state) as Rule } : undefined;
  }

  /** Keeps the state folded up to `event` if its revision is one to snapshot. */
  offer(event: RuleEventEnvelope, state: RuleState): void {
    if (state.status === 'none' || (event.revision + 1) % this.interval !== 0) return;
    if (this.statements.has.get(event.ruleId, event.revision, RULE_STATE_VERSION)) return;
    this.statements.save.run(
      event.ruleId,
      event.revision,
      RULE_STATE_VERSION,
      event.eventId,
      event.effectiveAt,
      event.recordedAt,
      JSON.stringify(state),
    );
  }

  /** Drops a rule's snapshots (they did not match the log). */
  forget(ruleId: string): void {
    this.statements.forget.run(ruleId);
  }

  count(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Nest calls this on shutdown (it looks for the method on every provider). */
  onApplicationShutdown(): void {
    this.close();
  }
}
