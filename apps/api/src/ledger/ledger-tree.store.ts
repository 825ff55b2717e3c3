import Database from 'better-sqlite3';
import { CompletedNode, MerkleFrontier, PerfectSubtrees, treeRoot } from '@policy/ledger';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** The tree's file in the data dir. */
export const LEDGER_FILE = 'ledger.sqlite';

/** Bumped when the layout or the entry changes: a file of another version is rebuilt from the log. */
export const LEDGER_VERSION = 1;

/**
 * Every perfect subtree of the tree, by level and index (level 0: the leaves, with the position
 * of their event), so any proof reads O(log n) rows on the primary keys. The signed
 * checkpoints are kept beside them, newest last.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ledger_leaves (idx INTEGER PRIMARY KEY, position INTEGER NOT NULL, hash BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS ledger_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ledger_checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Rows per multi-row INSERT: one statement for many rows costs far less per row than one each. */
const ROWS_PER_INSERT = 128;

/**
 * Inserts rows of `width` values given flat, `ROWS_PER_INSERT` to a statement and the rest one
 * by one: both statements are prepared once.
 */
const multiRowInsert = (db: Database.Database, table: string, columns: readonly string[]) => {
  const values = `(${columns.map(() => '?').join(', ')})`;
  const sql = (rows: number) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(values).join(', ')}`;
  const many = db.prepare(sql(ROWS_PER_INSERT));
  const one = db.prepare(sql(1));
  const width = columns.length;
  return {
    run(flat: readonly unknown[]): void {
      const whole = Math.floor(flat.length / width / ROWS_PER_INSERT) * ROWS_PER_INSERT * width;
      for (let at = 0; at < whole; at += ROWS_PER_INSERT * width) many.run(flat.slice(at, at + ROWS_PER_INSERT * width));
      for (let at = whole; at < flat.length; at += width) one.run(flat.slice(at, at + width));
    },
  };
};

const READ_ONLY = {
  run(): void {
    throw new Error('the ledger tree file was opened read-only');
  },
};

/** Created after a build's last leaf: sorting once is cheaper than keeping it in order through every insert. */
const POSITION_INDEX = 'CREATE UNIQUE INDEX IF NOT EXISTS ledger_leaves_position ON ledger_leaves (position)';

export type LedgerLeaf = Readonly<{ index: number; position: number; hash: Buffer }>;
export type StoredCheckpoint = Readonly<{ size: number; note: string }>;

export interface LedgerTreeOptions {
  /** `build`: a new file filled in one go, without journal or syncs (a failed build is thrown away). */
  readonly mode?: 'live' | 'build';
  readonly readonly?: boolean;
}

/**
 * The tree file of the ledger: disposable like the read model (deleted, it is built again from
 * the log), its own checkpoint being the last leaf's position. Appends go in batches, one
 * transaction each, the frontier keeping the right edge in memory.
 */
export class LedgerTreeStore implements PerfectSubtrees {
  private readonly db: Database.Database;
  private readonly statements;
  private frontier!: MerkleFrontier;
  private last = 0;
  private latest?: StoredCheckpoint;
  private readonly inserts: Record<'leaves' | 'nodes', { run(flat: readonly unknown[]): void }>;

  constructor(
    readonly file: string,
    options: LedgerTreeOptions = {},
  ) {
    if (!options.readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      const build = options.mode === 'build';
      this.db.pragma(build ? 'journal_mode = OFF' : 'journal_mode = WAL');
      this.db.pragma(build ? 'synchronous = OFF' : 'synchronous = NORMAL');
      this.db.pragma('cache_size = -65536');
      this.db.exec(SCHEMA);
      if (!build) this.db.exec(POSITION_INDEX);
    }
    const db = this.db;
    this.statements = {
      leaf: db.prepare<[number], { position: number; hash: Buffer }>('SELECT position, hash FROM ledger_leaves WHERE idx = ?'),
      node: db.prepare<[number, number], { hash: Buffer }>('SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?'),
      byPosition: db.prepare<[number], { idx: number; hash: Buffer }>('SELECT idx, hash FROM ledger_leaves WHERE position = ?'),
      leaves: db.prepare<[number, number], { idx: number; position: number; hash: Buffer }>(
        'SELECT idx, position, hash FROM ledger_leaves WHERE idx >= ? ORDER BY idx LIMIT ?',
      ),
      head: db.prepare<[], { idx: number; position: number }>('SELECT idx, position FROM ledger_leaves ORDER BY idx DESC LIMIT 1'),
      latest: db.prepare<[], StoredCheckpoint>('SELECT size, note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1'),
      meta: db.prepare<[string], { value: string }>('SELECT value FROM ledger_meta WHERE key = ?'),
      saveCheckpoint: options.readonly ? undefined : db.prepare('INSERT OR REPLACE INTO ledger_checkpoints (size, note) VALUES (?, ?)'),
      setMeta: options.readonly ? undefined : db.prepare('INSERT OR REPLACE INTO ledger_meta (key, value) VALUES (?, ?)'),
    };
    this.inserts = options.readonly
      ? { leaves: READ_ONLY, nodes: READ_ONLY }
      : {
          leaves: multiRowInsert(db, 'ledger_leaves', ['idx', 'position', 'hash']),
          nodes: multiRowInsert(db, 'ledger_nodes', ['level', 'idx', 'hash']),
        };
    this.load();
  }

  /** Why this file cannot be followed on (another version's, or a failed build), or undefined. */
  unusable(): string | undefined {
    const version = this.statements.meta.get('version')?.value;
    if (version === undefined) return this.size === 0 ? undefined : 'the ledger file has no version';
    return version === String(LEDGER_VERSION) ? undefined : `the ledger file is of version ${version}, not ${LEDGER_VERSION}`;
  }

  get size(): number {
    return this.frontier.size;
  }

  /** The position of the last leaf: where following the log resumes (0 when empty). */
  get position(): number {
    return this.last;
  }

  root(): Buffer {
    return this.frontier.root();
  }

  /** The root of the first `size` leaves, from stored subtrees. */
  rootAt(size: number): Buffer {
    return Buffer.from(treeRoot(this, size));
  }

  hash(level: number, index: number): Buffer {
    const row = level === 0 ? this.statements.leaf.get(index) : this.statements.node.get(level, index);
    if (!row) throw new RangeError(`the ledger has no subtree at level ${level}, index ${index}`);
    return row.hash;
  }

  leafAtPosition(position: number): LedgerLeaf | undefined {
    const row = this.statements.byPosition.get(position);
    return row && { index: row.idx, position, hash: row.hash };
  }

  leaves(from: number, limit: number): LedgerLeaf[] {
    return this.statements.leaves.all(from, limit).map((r) => ({ index: r.idx, position: r.position, hash: r.hash }));
  }

  /** Appends leaves (positions increasing past `position`) in one transaction with the nodes they complete. */
  append(leaves: readonly { position: number; hash: Buffer }[]): void {
    if (leaves.length === 0) return;
    const completed: CompletedNode[] = [];
    try {
      this.appendInTransaction(leaves, completed);
    } catch (error) {
      // The transaction rolled back (a full disk, say): the right edge in memory goes back to the file's.
      this.load();
      throw error;
    }
  }

  private appendInTransaction(leaves: readonly { position: number; hash: Buffer }[], completed: CompletedNode[]): void {
    const leafRows: (number | Buffer)[] = [];
    const nodeRows: (number | Buffer)[] = [];
    for (const { position, hash } of leaves) {
      if (!(position > this.last)) throw new Error(`ledger leaf at position ${position} does not follow position ${this.last}`);
      completed.length = 0;
      leafRows.push(this.frontier.size, position, hash);
      this.frontier.append(hash, completed);
      for (let i = 1; i < completed.length; i++) nodeRows.push(completed[i]!.level, completed[i]!.index, completed[i]!.hash);
      this.last = position;
    }
    this.db.transaction(() => {
      this.inserts.leaves.run(leafRows);
      this.inserts.nodes.run(nodeRows);
      if (this.statements.meta.get('version') === undefined) this.statements.setMeta!.run('version', String(LEDGER_VERSION));
    })();
  }

  /** Kept in memory once read: every receipt asks for it, and only this store writes it. */
  latestCheckpoint(): StoredCheckpoint | undefined {
    this.latest ??= this.statements.latest.get();
    return this.latest;
  }

  saveCheckpoint(size: number, note: string): void {
    this.statements.saveCheckpoint!.run(size, note);
    if (!this.latest || size >= this.latest.size) this.latest = { size, note };
  }

  /** Ends a build: indexes the leaves by position, as a live file is from the start. */
  finishBuild(): void {
    this.db.exec(POSITION_INDEX);
  }

  close(): void {
    this.db.close();
  }

  private load(): void {
    const head = this.statements.head.get();
    const size = head === undefined ? 0 : head.idx + 1;
    this.last = head?.position ?? 0;
    this.frontier = MerkleFrontier.resume(size, (level, index) => this.hash(level, index));
  }
}
