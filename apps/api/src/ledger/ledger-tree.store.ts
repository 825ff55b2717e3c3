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
      insertLeaf: options.readonly ? undefined : db.prepare('INSERT INTO ledger_leaves (idx, position, hash) VALUES (?, ?, ?)'),
      insertNode: options.readonly ? undefined : db.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)'),
      saveCheckpoint: options.readonly ? undefined : db.prepare('INSERT OR REPLACE INTO ledger_checkpoints (size, note) VALUES (?, ?)'),
      setMeta: options.readonly ? undefined : db.prepare('INSERT OR REPLACE INTO ledger_meta (key, value) VALUES (?, ?)'),
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
    const { insertLeaf, insertNode } = this.statements;
    this.db.transaction(() => {
      for (const { position, hash } of leaves) {
        if (!(position > this.last)) throw new Error(`ledger leaf at position ${position} does not follow position ${this.last}`);
        completed.length = 0;
        const index = this.frontier.size;
        this.frontier.append(hash, completed);
        insertLeaf!.run(index, position, hash);
        for (let i = 1; i < completed.length; i++) insertNode!.run(completed[i]!.level, completed[i]!.index, completed[i]!.hash);
        this.last = position;
      }
      if (this.statements.meta.get('version') === undefined) this.statements.setMeta!.run('version', String(LEDGER_VERSION));
    })();
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    return this.statements.latest.get();
  }

  saveCheckpoint(size: number, note: string): void {
    this.statements.saveCheckpoint!.run(size, note);
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
