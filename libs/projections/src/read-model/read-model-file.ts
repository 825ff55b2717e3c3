import Database from 'better-sqlite3';
import { PointInTime, Rule, RuleEventEnvelope } from '@policy/domain';
import { WalCheckpointer } from '@policy/event-store';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReadModelQueries } from './read-model.queries';
import {
  BUILD_LATEST_TABLE,
  DROP_BUILD_LATEST_TABLE,
  PROJECTION_VERSION,
  READ_MODEL_INDEXES,
  READ_MODEL_TABLES,
  SET_META_SQL,
} from './read-model.schema';
import { ChangePage, ChangePageRequest, PageRequest, RuleFilters, RulePage, RulePageJson } from './read-model.types';
import { ReadModelWriter } from './read-model.writer';
import { sortIndexes } from './sort-indexes';
import { IndexReports, LiveVersionIndex } from './live-version-index';
import { FEW_RULES } from './rule-list.planner';

/**
 * `live`: the service's file, WAL and `synchronous = NORMAL` (the log is the durable record;
 * a read model lost in a power cut is rebuilt from it), indexes in place.
 * `build`: a new file filled from the log in one go, with no journal and no syncs (a build
 * that fails is thrown away) and its indexes created only at `finishBuild`: sorting once is
 * several times cheaper than keeping B-trees in order through a million random inserts.
 * `rebuild`: a new file filled beside a live one inside the running service: indexes from
 * the start, so no single step holds the event loop for long.
 */
export type ReadModelMode = 'live' | 'build' | 'rebuild';

export interface ReadModelFileOptions {
  /** Latest versions kept in memory (a build spills the rest to the file). */
  readonly latestCapacity?: number;
  /** Below this many rules started by the asked time, lists are found by time (FEW_RULES). */
  readonly fewRules?: number;
  /**
   * A live file keeps its visibility data in memory too (LiveVersionIndex), unless this is
   * false: lists and screenings then take the SQL path alone.
   */
  readonly versionIndex?: boolean;
  /** Told when the in-memory index is loaded, or failed to load (queries then keep to the SQL path). */
  readonly indexReports?: Partial<IndexReports>;
  /** Rows the index loads per turn of the event loop (LiveVersionIndex's default unless told). */
  readonly indexRowsPerTurn?: number;
}

/**
 * One read-model file: the bitemporal tables (read-model.schema.ts), the writer the projector
 * drives and the point-in-time queries. Writes are batched into transactions by the caller
 * (`apply` inside `begin`/`commit`); the checkpoint commits with the rows it covers, so a
 * crash never leaves them apart.
 */
export class ReadModelFile {
  private readonly db: Database.Database;
  private readonly metaStatements;
  private readonly writer: ReadModelWriter;
  private preparedQueries?: ReadModelQueries;
  private indexed: boolean;
  private inTransaction = false;
  private applied: bigint | undefined;
  private readonly checkpointer?: WalCheckpointer;
  private readonly fewRulesThreshold: number;
  private readonly index?: LiveVersionIndex;

  constructor(
    readonly file: string,
    readonly mode: ReadModelMode = 'live',
    options: ReadModelFileOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.fewRulesThreshold = options.fewRules ?? FEW_RULES;
    if (mode === 'live') {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('cache_size = -65536');
      // Queries jump between a rule's versions, terms and sources on pages spread over a file
      // larger than the page cache: read through a memory map, such a page costs a memory
      // access instead of a read() call copying it (lists about 30 % faster at 1M events).
      // Counted in the process's RSS as file pages the kernel can drop, not heap.
      this.db.pragma('mmap_size = 4294967296');
      if (file !== ':memory:') this.checkpointer = new WalCheckpointer(this.db, file);
    } else {
      this.db.pragma('journal_mode = OFF');
      this.db.pragma('synchronous = OFF');
      this.db.pragma('cache_size = -262144');
    }
    this.db.exec(READ_MODEL_TABLES);
    this.indexed = mode !== 'build';
    if (this.indexed) this.db.exec(READ_MODEL_INDEXES);
    else this.db.exec(BUILD_LATEST_TABLE);
    this.metaStatements = {
      get: this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      set: this.db.prepare(SET_META_SQL),
    };
    if (mode === 'live' && options.versionIndex !== false) {
      const loadFrom = file === ':memory:' || this.isEmpty() ? undefined : file;
      const reports: IndexReports = {
        loaded: options.indexReports?.loaded,
        failed: options.indexReports?.failed ?? ((error) => process.emitWarning(`read-model index not loaded: ${String(error)}`)),
      };
      this.index = new LiveVersionIndex(this.db, loadFrom, reports, options.indexRowsPerTurn);
    }
    this.writer = new ReadModelWriter(this.db, {
      index: this.index,
      building: !this.indexed,
      latestCapacity: options.latestCapacity ?? (mode === 'live' ? 10_000 : 50_000),
      onRuleStarted: (validFrom, recordedAt) => this.preparedQueries?.ruleStarted(validFrom, recordedAt),
    });
    if (this.meta('projection_version') === undefined && this.isEmpty()) {
      this.metaStatements.set.run('projection_version', String(PROJECTION_VERSION));
    }
  }

  /** The projection version that built this file (undefined: not a read model). */
  version(): number | undefined {
    const value = this.meta('projection_version');
    return value === undefined ? undefined : Number(value);
  }

  /** Last global position folded into the file and committed. */
  checkpoint(): bigint | undefined {
    const value = this.meta('checkpoint');
    return value === undefined ? undefined : BigInt(value);
  }

  begin(): void {
    if (this.inTransaction) return;
    this.db.exec('BEGIN');
    this.inTransaction = true;
  }

  /** Folds one event in; an event at or below the rule's stored revision was already applied. */
  apply(envelope: RuleEventEnvelope): void {
    this.begin();
    if (this.writer.apply(envelope)) this.applied = BigInt(envelope.position);
  }

  /** Moves the checkpoint over events that are not the read model's business. */
  skip(position: bigint): void {
    this.begin();
    this.applied = position;
  }

  commit(): void {
    if (!this.inTransaction) return;
    if (!this.db.inTransaction) {
      // SQLite ended the transaction itself (after a failed COMMIT, say): writing the
      // checkpoint now would commit it alone, past rows that are gone.
      this.rollback();
      throw new Error('the read-model transaction was rolled back by SQLite; its events must be applied again');
    }
    if (this.applied !== undefined) this.metaStatements.set.run('checkpoint', this.applied.toString());
    this.db.exec('COMMIT');
    this.inTransaction = false;
    this.index?.commit();
  }

  rollback(): void {
    if (!this.inTransaction) return;
    // A failed COMMIT (disk full) may have ended the transaction already.
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.inTransaction = false;
    this.applied = undefined;
    this.writer.forgetLatest();
    this.index?.rollback();
    this.preparedQueries?.forgetUncommitted();
  }

  /**
   * Ends a `build`: sorts the rows into their indexes and drops what only the build needed.
   * From here on the file takes incremental writes like a live one.
   */
  finishBuild(): void {
    this.commit();
    if (this.indexed) return;
    this.db.exec(DROP_BUILD_LATEST_TABLE);
    sortIndexes(this.db, READ_MODEL_INDEXES);
    this.indexed = true;
    this.writer.finishBuild();
  }

  /**
   * Ends one part of a build in parts: its rows committed and what only the build needed
   * dropped, but no indexes, which the join sorts once over all the parts (join-built-parts.ts).
   * Close it next: it takes no more writes and answers no queries.
   */
  finishPart(): void {
    this.commit();
    if (!this.indexed) this.db.exec(DROP_BUILD_LATEST_TABLE);
  }

  /** Marks a built file as complete: caught up with the log as of when it was built. */
  markComplete(): void {
    this.finishBuild();
    this.metaStatements.set.run('complete', new Date().toISOString());
  }

  /** The rule as in force at `asOf`, as recorded by `knownAt`; undefined before its first event. */
  ruleAt(ruleId: string, at: PointInTime): Rule | undefined {
    return this.queries().ruleAt(ruleId, at);
  }

  listRules(at: PointInTime, filters: RuleFilters, page: PageRequest): RulePage {
    return this.queries().listRules(at, filters, page);
  }

  /** `listRules` with each rule as JSON, built from the stored JSON (see ReadModelQueries.listRulesJson). */
  listRulesJson(at: PointInTime, filters: RuleFilters, page: PageRequest): RulePageJson {
    return this.queries().listRulesJson(at, filters, page);
  }

  /**
   * What changed in effective time over (from, to], as known at `knownAt`: each rule with a
   * change in the window, as it stood at `from` and at `to`.
   */
  screeningCandidates(at: PointInTime, items: readonly string[], destination: string): Rule[] {
    return this.queries().screeningCandidates(at, items, destination);
  }

  changes(from: string, to: string, knownAt: string, page: ChangePageRequest): ChangePage {
    return this.queries().changes(from, to, knownAt, page);
  }

  count(): { rules: number; versions: number } {
    const rules = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM rules').get()?.n ?? 0;
    const versions = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM rule_versions').get()?.n ?? 0;
    return { rules, versions };
  }

  /** The query plans of the point-in-time queries, for checking they stay index lookups. */
  explain(): Record<string, string[]> {
    return this.queries().explain();
  }

  isComplete(): boolean {
    return this.meta('complete') !== undefined;
  }

  /** Lists and screenings read the in-memory index when `ready`; `off` when the file keeps none (not live, turned off, or failed). */
  indexState(): 'off' | 'loading' | 'ready' {
    const state = this.index?.loadState;
    return state === undefined || state === 'closed' ? 'off' : state;
  }

  /** Settles once the in-memory index is loaded (or failed to load, or there is none). */
  indexLoaded(): Promise<void> {
    return this.index?.loaded ?? Promise.resolve();
  }

  close(): void {
    this.rollback();
    this.index?.close();
    this.checkpointer?.close();
    this.db.close();
  }

  /** Prepared on first use: their INDEXED BY clauses need the indexes a build only creates at its end. */
  private queries(): ReadModelQueries {
    if (!this.indexed) throw new Error('a read model being built cannot answer queries');
    this.preparedQueries ??= new ReadModelQueries(this.db, this.fewRulesThreshold, this.index);
    return this.preparedQueries;
  }

  private meta(key: string): string | undefined {
    return this.metaStatements.get.get(key)?.value;
  }

  private isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM rules LIMIT 1').get() === undefined;
  }
}
