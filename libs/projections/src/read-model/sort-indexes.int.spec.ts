import Database from 'better-sqlite3';
import { sortIndexes } from './sort-indexes';

describe('sortIndexes', () => {
  const open = () => {
    const db = new Database(':memory:');
    db.pragma('cache_size = -262144');
    db.exec('CREATE TABLE t (k TEXT NOT NULL, n INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (let i = 0; i < 20_000; i++) insert.run(`k${(i * 7919) % 20_000}`, i);
    return db;
  };

  it('creates the indexes over the rows already there, and gives the connection its settings back', () => {
    const db = open();
    sortIndexes(db, 'CREATE UNIQUE INDEX t_by_k ON t (k);', 2);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 't_by_k'").get()).toEqual({ n: 1 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('cache_size', { simple: true })).toBe(-262144);
    expect(db.pragma('threads', { simple: true })).toBe(0);
    db.close();
  });

  describe('when an index cannot be created', () => {
    it('leaves no index, no open transaction and the settings as they were', () => {
      const db = open();
      db.prepare('INSERT INTO t VALUES (?, ?)').run('k1', -1);
      expect(() => sortIndexes(db, 'CREATE INDEX t_by_n ON t (n); CREATE UNIQUE INDEX t_by_k ON t (k);', 2)).toThrow(/UNIQUE/);
      expect(db.inTransaction).toBe(false);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index'").get()).toEqual({ n: 0 });
      expect(db.pragma('cache_size', { simple: true })).toBe(-262144);
      db.close();
    });
  });
});
