import Database from 'better-sqlite3';
import { PointInTime } from '@policy/domain';
import { RecordedEvent } from '@policy/event-store';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { applyFeedEvent } from '../feed-event';
import { pointsAcross } from '../testing/random-history';
import { HistoryStore, openHistoryStore } from '../testing/history-store';
import { LiveVersionIndex } from './live-version-index';
import { ReadModelFile } from './read-model-file';
import { READ_MODEL_INDEXES, READ_MODEL_TABLES } from './read-model.schema';
import { RuleFilters } from './read-model.types';

const FILTERS: RuleFilters[] = [
  {},
  { destination: 'cn' },
  { product: 'h200', status: 'approved' },
  { authority: 'prc government', destination: 'sa' },
];
/** Lists walk rules in id order or a word's rules (the plans the index serves), not by time. */
const failures: unknown[] = [];
const PLANS = { fewRules: 1, indexReports: { failed: (error: unknown) => failures.push(error) } };
const SCREENINGS: [string[], string][] = [
  [['h200'], 'CN'],
  [['h20', 'mi308'], 'SA'],
];

/** Every list page (small pages, so cursors are followed) and screening, as one file answers them. */
const answers = (file: ReadModelFile, points: PointInTime[]) =>
  points.map((at) => ({
    lists: FILTERS.map((filters) => {
      const pages: string[] = [];
      let after: string | undefined;
      do {
        const page = file.listRules(at, filters, { after, limit: 4 });
        pages.push(JSON.stringify(page));
        after = page.nextCursor;
      } while (after);
      return pages;
    }),
    screenings: SCREENINGS.map(([items, country]) => file.screeningCandidates(at, items, country)),
  }));

const turns = async (count: number) => {
  for (let n = 0; n < count; n++) await nextTurn();
};

describe('the in-memory version index', () => {
  let logged: HistoryStore;
  let events: RecordedEvent[];
  let points: PointInTime[];

  beforeAll(async () => {
    logged = await openHistoryStore('policy-version-index-', { rules: 30, events: 500, seed: 23 });
    events = await logged.store.readAll();
    points = pointsAcross(logged.history, 12, 5);
  });

  afterAll(async () => {
    await logged.close();
  });

  // A load that failed leaves the SQL path answering alone, which would make every check pass.
  afterEach(() => expect(failures.splice(0)).toEqual([]));

  const apply = (file: ReadModelFile, from: number, to: number) => {
    for (const event of events.slice(from, to)) applyFeedEvent(file, event);
  };

  /** A read-model file holding the first `count` events, committed, closed. */
  const writeFile = (path: string, count: number) => {
    const file = new ReadModelFile(path, 'live', { ...PLANS, versionIndex: false });
    apply(file, 0, count);
    file.commit();
    file.close();
  };

  /** The tables' own answers: a second file handle on the same file, without an index. */
  const fromTables = (path: string) => {
    const tables = new ReadModelFile(path, 'live', { ...PLANS, versionIndex: false });
    try {
      return answers(tables, points);
    } finally {
      tables.close();
    }
  };

  describe('when fed by the writer and rolled back', () => {
    it('answers as the tables do, without what the rollback took back', async () => {
      const path = join(logged.dir, 'rolled-back', 'read-model.sqlite');
      const file = new ReadModelFile(path, 'live', PLANS);
      try {
        expect(file.indexState()).toBe('ready');
        apply(file, 0, 300);
        file.commit();
        apply(file, 300, 450);
        // Asked inside the open transaction, the index shows the uncommitted rows, as SQL does.
        const uncommitted = answers(file, points);
        file.rollback();
        const committed = answers(file, points);
        expect(committed).toEqual(fromTables(path));
        expect(committed).not.toEqual(uncommitted);
        apply(file, 300, events.length);
        file.commit();
        expect(answers(file, points)).toEqual(fromTables(path));
      } finally {
        file.close();
      }
    });
  });

  describe('when a change cannot be taken', () => {
    it('turns itself off and reports it, without failing the writer', () => {
      const db = new Database(':memory:');
      db.exec(READ_MODEL_TABLES);
      db.exec(READ_MODEL_INDEXES);
      const seen: unknown[] = [];
      const live = new LiveVersionIndex(db, undefined, { failed: (error) => seen.push(error) });
      expect(live.ready).toBe(true);
      const version = { revision: 1, validFrom: 0, recordedAt: 0, status: 0, lastEvent: 0, termsId: 1, sources: 0, tagsRevision: 1 };
      expect(() => live.addVersion('no-such-rule', version)).not.toThrow();
      expect(live.loadState).toBe('closed');
      expect(String(seen[0])).toMatch(/no rule no-such-rule/);
      db.close();
    });
  });

  describe('when loaded from a file while the writer goes on', () => {
    it('answers as the tables do once loaded, with what was committed, rolled back and left open meanwhile', async () => {
      const path = join(logged.dir, 'loaded', 'read-model.sqlite');
      writeFile(path, 250);

      // A few dozen rows per turn: the load takes many turns, and the writer works between them.
      const file = new ReadModelFile(path, 'live', { ...PLANS, indexRowsPerTurn: 40 });
      let loaded = false;
      void file.indexLoaded().then(() => (loaded = true));
      try {
        apply(file, 250, 320);
        file.commit();
        await turns(3);
        apply(file, 320, 420);
        // Until the index is loaded the tables answer, uncommitted rows included.
        expect(answers(file, points.slice(0, 3))).toBeDefined();
        file.rollback();
        await turns(3);
        apply(file, 320, 360);
        file.commit();
        await turns(3);
        apply(file, 360, 400);
        expect(loaded).toBe(false);
        // Loaded with a transaction open: its rows are in the index, and a rollback takes them out.
        await file.indexLoaded();
        file.rollback();
        expect(file.indexState()).toBe('ready');
        expect(answers(file, points)).toEqual(fromTables(path));
        apply(file, 360, events.length);
        file.commit();
        expect(answers(file, points)).toEqual(fromTables(path));
      } finally {
        file.close();
      }
    });

    it('when the rows cannot be loaded, says so, shows off and leaves SQLite answering', async () => {
      const path = join(logged.dir, 'damaged', 'read-model.sqlite');
      writeFile(path, events.length);
      // A version row of a rule the rules table does not have: the index cannot hold it.
      const raw = new Database(path);
      raw
        .prepare(
          'INSERT INTO rule_versions SELECT ?, revision, valid_from, recorded_at, status, last_event, terms_id, sources, tags_revision FROM rule_versions LIMIT 1',
        )
        .run('no-such-rule');
      raw.close();
      const expected = fromTables(path);
      const seen: unknown[] = [];
      const file = new ReadModelFile(path, 'live', { ...PLANS, indexReports: { failed: (error) => seen.push(error) } });
      try {
        await file.indexLoaded();
        expect(seen).toHaveLength(1);
        expect(String(seen[0])).toMatch(/no rule no-such-rule/);
        expect(file.indexState()).toBe('off');
        expect(answers(file, points)).toEqual(expected);
      } finally {
        file.close();
      }
    });

    it('stops loading when the file is closed first', async () => {
      const path = join(logged.dir, 'closed', 'read-model.sqlite');
      writeFile(path, events.length);
      const failures: unknown[] = [];
      const file = new ReadModelFile(path, 'live', { indexReports: { failed: (error) => failures.push(error) } });
      const loaded = file.indexLoaded();
      file.close();
      await loaded;
      expect(failures).toEqual([]);
    });
  });
});
