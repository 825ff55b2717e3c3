import Database from 'better-sqlite3';
import {
  CATALOGUE_STREAM,
  EVALUATION_STREAM_PREFIX,
  EvaluationRecorded,
  ProductClassified,
  RULE_STREAM_PREFIX,
  toCatalogueEvent,
  toEvaluationRecorded,
} from '@policy/domain';
import { RecordedEvent } from '@policy/event-store';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Bumped when the tables change meaning; a file of another version is emptied and refilled
 * from the log (it is disposable, like the rule read model).
 */
const SCREENING_VIEW_VERSION = 1;

const TABLES = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  -- Every product classification in log order: the catalogue's whole bitemporal history.
  CREATE TABLE IF NOT EXISTS catalogue (position INTEGER PRIMARY KEY, event TEXT NOT NULL);
  -- Every recorded evaluation (question and answer), in log order.
  CREATE TABLE IF NOT EXISTS evaluations (position INTEGER PRIMARY KEY, evaluation_id TEXT NOT NULL UNIQUE, event TEXT NOT NULL);
`;

/** A recorded evaluation as kept here: the event and where it sits in the log. */
export type StoredEvaluation = EvaluationRecorded & Readonly<{ storedAt: number }>;

/**
 * The screening projection's file: the product catalogue and the index of recorded evaluations,
 * both folded from the log with their own checkpoint beside the rule read model. It also keeps
 * the latest recorded time of the rule and catalogue events it has passed (the "high water"),
 * which is what a screening answer that named no `knownAt` was known at.
 *
 * Writes go into one open transaction that `commit` closes with the checkpoint, so the rows and
 * the position they cover never part; the catalogue is also held in memory (tens of entries).
 */
export class ScreeningView {
  private readonly db: Database.Database;
  private entries: ProductClassified[] = [];
  private position: bigint | undefined;
  private highWater: string | undefined;
  private readonly statements;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // The log is the durable record; a view lost in a power cut is refilled from it.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(TABLES);
    const version = this.meta('version');
    if (version !== undefined && version !== String(SCREENING_VIEW_VERSION)) {
      this.db.exec('DELETE FROM catalogue; DELETE FROM evaluations; DELETE FROM meta;');
    }
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('version', String(SCREENING_VIEW_VERSION));
    this.statements = {
      putMeta: this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      putCatalogue: this.db.prepare('INSERT OR REPLACE INTO catalogue (position, event) VALUES (?, ?)'),
      putEvaluation: this.db.prepare('INSERT OR REPLACE INTO evaluations (position, evaluation_id, event) VALUES (?, ?, ?)'),
      evaluation: this.db.prepare('SELECT position, event FROM evaluations WHERE evaluation_id = ?'),
      evaluations: this.db.prepare('SELECT position, event FROM evaluations WHERE position > ? ORDER BY position LIMIT ?'),
    };
    this.load();
  }

  /** Last position folded in (committed or not): what answers see. */
  checkpoint(): bigint | undefined {
    return this.position;
  }

  catalogue(): readonly ProductClassified[] {
    return this.entries;
  }

  /**
   * The latest recorded time of a rule or catalogue event folded so far (undefined before the
   * first): what everything up to `checkpoint` was known at. Recorded time only grows along the
   * log, so an answer asked at this knownAt stays the same however much the log grows.
   */
  recordedHighWater(): string | undefined {
    return this.highWater;
  }

  evaluation(evaluationId: string): StoredEvaluation | undefined {
    const row = this.statements.evaluation.get(evaluationId) as { position: number; event: string } | undefined;
    return row && toStored(row);
  }

  /** Recorded evaluations after `afterPosition` in log order, at most `limit`. */
  evaluations(afterPosition: number, limit: number): StoredEvaluation[] {
    return (this.statements.evaluations.all(afterPosition, limit) as { position: number; event: string }[]).map(toStored);
  }

  /**
   * Folds one event of the global feed. Rule events only move the high water; catalogue and
   * evaluation events are kept; anything else is passed over.
   */
  apply(event: RecordedEvent): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    const stream = event.streamId;
    if (stream.startsWith(RULE_STREAM_PREFIX)) {
      this.raiseHighWater((event.metadata as { recordedAt?: unknown } | null)?.recordedAt);
    } else if (stream === CATALOGUE_STREAM && event.type === 'ProductClassified') {
      const entry = toCatalogueEvent(event);
      this.statements.putCatalogue.run(event.position, JSON.stringify(entry));
      this.entries.push(entry);
      this.raiseHighWater(entry.recordedAt);
    } else if (stream.startsWith(EVALUATION_STREAM_PREFIX) && event.type === 'EvaluationRecorded') {
      const recorded = toEvaluationRecorded(event);
      this.statements.putEvaluation.run(event.position, recorded.evaluationId, JSON.stringify(recorded));
    }
    this.position = event.position;
  }

  private raiseHighWater(recordedAt: unknown): void {
    if (typeof recordedAt === 'string' && (this.highWater === undefined || recordedAt > this.highWater)) this.highWater = recordedAt;
  }

  /** Makes what was applied durable, with the checkpoint it reaches. */
  commit(): void {
    if (!this.db.inTransaction) return;
    if (this.position !== undefined) this.statements.putMeta.run('checkpoint', this.position.toString());
    if (this.highWater !== undefined) this.statements.putMeta.run('high_water', this.highWater);
    this.db.exec('COMMIT');
  }

  /** Drops what was applied since the last commit, in memory too. */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.load();
  }

  close(): void {
    if (this.db.open) {
      this.rollback();
      this.db.close();
    }
  }

  private load(): void {
    const checkpoint = this.meta('checkpoint');
    this.position = checkpoint === undefined ? undefined : BigInt(checkpoint);
    this.highWater = this.meta('high_water');
    this.entries = (this.db.prepare('SELECT event FROM catalogue ORDER BY position').all() as { event: string }[]).map(
      (row) => JSON.parse(row.event) as ProductClassified,
    );
  }

  private meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }
}

const toStored = (row: { position: number; event: string }): StoredEvaluation => ({
  ...(JSON.parse(row.event) as EvaluationRecorded),
  storedAt: row.position,
});
