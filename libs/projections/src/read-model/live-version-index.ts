import Database from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { IndexedVersion, VersionIndex } from './version-index';

/** Rows read per turn of the event loop while loading: about 10 ms of work at a time. */
const ROWS_PER_TURN = 5_000;

type Change = (index: VersionIndex) => void;

/** Who hears how loading went. */
export interface IndexReports {
  readonly loaded?: (done: { rules: number; ms: number }) => void;
  readonly failed: (error: unknown) => void;
}

/**
 * Keeps a VersionIndex in step with a live read-model file. A file that already holds rows is
 * loaded in the background, from a second connection's snapshot and a few thousand rows per
 * turn of the event loop, so opening a million-event read model does not hold the service for
 * seconds; until it is `ready`, queries take the SQL path.
 *
 * What the writer adds meanwhile is queued (and what a rollback takes back leaves the queue as
 * it leaves the file); once the snapshot's rows are in, the queue is applied on top.
 */
export class LiveVersionIndex {
  readonly index = new VersionIndex();
  private state: 'loading' | 'ready' | 'closed';
  private queue: Change[] = [];
  /** How many queued changes are committed (the rest belong to the open transaction). */
  private committed = 0;
  readonly loaded: Promise<void>;

  /**
   * `file` holds the rows to load (a path a second connection can open), or undefined when the
   * read model is empty or in memory (its rows, if any, are then loaded from `db` at once).
   */
  constructor(
    db: Database.Database,
    file: string | undefined,
    private readonly report: IndexReports,
    rowsPerTurn = ROWS_PER_TURN,
  ) {
    if (file === undefined) {
      this.index.loading(() => fill(this.index, db, Infinity).next());
      this.state = 'ready';
      this.loaded = Promise.resolve();
      return;
    }
    this.state = 'loading';
    const started = Date.now();
    this.loaded = this.load(file, rowsPerTurn).then(
      () => {
        if (this.ready) report.loaded?.({ rules: this.index.rules, ms: Date.now() - started });
      },
      (error: unknown) => {
        if (!this.isClosed()) this.fail(error);
      },
    );
  }

  /** Whether queries may read the index. */
  get ready(): boolean {
    return this.state === 'ready';
  }

  /** `loading` until the file's rows are in; `closed` once closed, or when loading failed. */
  get loadState(): 'loading' | 'ready' | 'closed' {
    return this.state;
  }

  addRule(ruleId: string, firstValidFrom: number, firstRecordedAt: number): void {
    this.change((index) => index.addRule(ruleId, firstValidFrom, firstRecordedAt));
  }

  addVersion(ruleId: string, version: IndexedVersion): void {
    this.change((index) => index.addVersion(ruleId, version));
  }

  addTag(kind: string, word: string, ruleId: string, revision: number, validFrom: number, recordedAt: number): void {
    this.change((index) => index.addTag(kind, word, ruleId, revision, validFrom, recordedAt));
  }

  commit(): void {
    if (this.state === 'ready') this.index.commit();
    else this.committed = this.queue.length;
  }

  rollback(): void {
    if (this.state === 'ready') this.index.rollback();
    else this.queue.length = this.committed;
  }

  close(): void {
    this.state = 'closed';
    this.queue = [];
  }

  /** A method, not a comparison, so a check after an await is not narrowed away. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private change(change: Change): void {
    if (this.state === 'loading') this.queue.push(change);
    if (this.state !== 'ready') return;
    try {
      change(this.index);
    } catch (error) {
      // An accelerator, never a reason for the projector to stop: the tables go on alone.
      this.fail(error);
    }
  }

  /** The SQL path keeps answering; only the speed-up is lost (and /health says `off`). */
  private fail(error: unknown): void {
    this.close();
    this.report.failed(error);
  }

  private async load(file: string, rowsPerTurn: number): Promise<void> {
    // Runs up to its first await inside the constructor: the snapshot is taken before the
    // writer can add anything, so every change queued from here on is past it.
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    try {
      reader.exec('BEGIN');
      reader.prepare('SELECT 1 FROM meta LIMIT 1').get();
      const rows = fill(this.index, reader, rowsPerTurn);
      for (;;) {
        if (this.isClosed()) return;
        let done = false;
        this.index.loading(() => (done = rows.next().done === true));
        if (done) break;
        await nextTurn();
      }
      if (this.isClosed()) return;
      // Versions come in the order they were inserted, which moved most rules' runs as they grew.
      this.index.compact();
      const committed = this.queue.slice(0, this.committed);
      const open = this.queue.slice(this.committed);
      this.index.loading(() => committed.forEach((change) => change(this.index)));
      // Still part of the live connection's open transaction: undone if it rolls back.
      open.forEach((change) => change(this.index));
      this.queue = [];
      this.state = 'ready';
    } finally {
      reader.close();
    }
  }
}

/**
 * Adds every row of the file to the index, yielding after each `perTurn` rows. Versions are read
 * in insertion order, which is revision order within a rule; tags in their index's order, which
 * is the postings' order, so both are appended, not inserted.
 */
function* fill(index: VersionIndex, db: Database.Database, perTurn: number): Generator<void, void, void> {
  let count = 0;
  const pause = () => ++count % perTurn === 0;
  for (const [ruleId, validFrom, recordedAt] of rows<[string, number, number]>(
    db,
    'SELECT rule_id, first_valid_from, first_recorded_at FROM rules ORDER BY rule_id',
  )) {
    index.addRule(ruleId, validFrom, recordedAt);
    if (pause()) yield;
  }
  for (const [ruleId, revision, validFrom, recordedAt, status, lastEvent, termsId, sources, tagsRevision] of rows<
    [string, number, number, number, number, number, number, number, number]
  >(
    db,
    `SELECT rule_id, revision, valid_from, recorded_at, status, last_event, terms_id, sources, tags_revision
     FROM rule_versions ORDER BY rowid`,
  )) {
    index.addVersion(ruleId, { revision, validFrom, recordedAt, status, lastEvent, termsId, sources, tagsRevision });
    if (pause()) yield;
  }
  for (const [kind, word, ruleId, revision, validFrom, recordedAt] of rows<[string, string, string, number, number, number]>(
    db,
    `SELECT kind, word, rule_id, revision, valid_from, recorded_at FROM rule_tags INDEXED BY rule_tags_by_word
     ORDER BY kind, word, rule_id, revision`,
  )) {
    index.addTag(kind, word, ruleId, revision, validFrom, recordedAt);
    if (pause()) yield;
  }
}

const rows = <T extends unknown[]>(db: Database.Database, sql: string): IterableIterator<T> =>
  db.prepare(sql).raw().iterate() as IterableIterator<T>;
