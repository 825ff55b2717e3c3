import { PointInTime, Rule } from '@policy/domain';
import { SqliteEventStore } from '@policy/event-store';
import { join } from 'node:path';
import { Projector } from './projector';
import { buildReadModel } from './read-model-builder';
import { RuleChange, RuleFilters } from './read-model/read-model.types';
import { replayRule } from './replay';
import { RuleReadModel, siblingPath } from './rule-read-model';
import { pointsAcross, RandomHistory } from './testing/random-history';
import { HistoryStore, openHistoryStore } from './testing/history-store';

const quiet = { log: () => undefined, error: () => undefined };

/** What a list should hold, worked out the slow way: replay every rule, filter, sort by id. */
const expectedList = async (store: SqliteEventStore, history: RandomHistory, at: PointInTime, filters: RuleFilters): Promise<Rule[]> => {
  const rules: Rule[] = [];
  for (const ruleId of [...history.ruleIds].sort()) {
    const rule = await replayRule(store, ruleId, at);
    if (!rule) continue;
    if (filters.status && rule.status !== filters.status) continue;
    if (filters.authority && rule.terms.authority.toLowerCase() !== filters.authority.toLowerCase()) continue;
    const words = (values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined).map((v) => v.toLowerCase());
    if (filters.product && !words(rule.terms.items.flatMap((i) => [i.product, i.family])).includes(filters.product.toLowerCase())) continue;
    if (
      filters.destination &&
      !words(rule.terms.destinations.flatMap((d) => [d.country, d.party])).includes(filters.destination.toLowerCase())
    )
      continue;
    rules.push(rule);
  }
  return rules;
};

/** Every page of a list, following the cursor. */
const allPages = (readModel: RuleReadModel, at: PointInTime, filters: RuleFilters, limit: number): Rule[] => {
  const rules: Rule[] = [];
  let after: string | undefined;
  do {
    const page = readModel.listRules(at, filters, { after, limit });
    rules.push(...page.rules);
    after = page.nextCursor;
  } while (after);
  return rules;
};

describe('the bitemporal read model', () => {
  let logged: HistoryStore;
  let readModel: RuleReadModel;
  let projector: Projector;

  beforeAll(async () => {
    logged = await openHistoryStore('policy-read-model-', { rules: 40, events: 600, seed: 11 }, { pollIntervalMs: 20 });
    readModel = new RuleReadModel(join(logged.dir, 'read-model.sqlite'));
    projector = new Projector(logged.store, readModel, quiet);
    projector.start();
    await projector.waitUntilCaughtUp();
  });

  afterAll(async () => {
    await projector.stop();
    readModel.close();
    await logged.close();
  });

  it('given a random history, answers every point-in-time question as a replay of the log does', async () => {
    for (const at of pointsAcross(logged.history, 25)) {
      for (const ruleId of logged.history.ruleIds) {
        expect(readModel.ruleAt(ruleId, at)).toEqual(await replayRule(logged.store, ruleId, at));
      }
    }
  });

  it.each([
    ['by time, as when few rules had started', 1000, true],
    ['by rule id or by filter word, as when many had, from the in-memory index', 3, true],
    ['by rule id or by filter word, as when many had, from the tables alone', 3, false],
  ])('given filters and pages, lists exactly the rules a replay finds, in id order (plans %s)', async (_plans, fewRules, versionIndex) => {
    const reader = new RuleReadModel(readModel.file, { fewRules, versionIndex });
    try {
      await reader.indexLoaded();
      expect(reader.indexState()).toBe(versionIndex ? 'ready' : 'off');
      const filters: RuleFilters[] = [
        {},
        { destination: 'cn' },
        { destination: 'Humain' },
        { product: 'h200' },
        { status: 'approved' },
        { authority: 'PRC GOVERNMENT' },
        { authority: 'us white house', destination: 'sa', status: 'paused' },
      ];
      for (const at of pointsAcross(logged.history, 8, 2)) {
        for (const filter of filters) {
          const expected = await expectedList(logged.store, logged.history, at, filter);
          expect(allPages(reader, at, filter, 7)).toEqual(expected);
          // The JSON text built from stored JSON is, to the character, the objects' serialisation.
          for (const after of [undefined, expected[2]?.ruleId]) {
            const { rules, nextCursor } = reader.listRulesJson(at, filter, { after, limit: 7 });
            const text = `{"rules":[${rules.map((bytes) => bytes.toString('utf8')).join(',')}]${nextCursor === undefined ? '' : `,"nextCursor":${JSON.stringify(nextCursor)}`}}`;
            expect(text).toBe(JSON.stringify(reader.listRules(at, filter, { after, limit: 7 })));
          }
        }
      }
    } finally {
      reader.close();
    }
  });

  it('given an item word and a country, finds as screening candidates exactly the visible, unrescinded rules a replay finds naming both', async () => {
    const lower = (values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined).map((v) => v.toLowerCase());
    const questions: [string[], string][] = [
      [['H200'], 'CN'],
      [['h200', 'h20'], 'sa'],
      [['MI308'], 'AE'],
    ];
    let found = 0;
    // The live read model reads its in-memory index; this one only the tables.
    const tables = new RuleReadModel(readModel.file, { versionIndex: false });
    expect(readModel.indexState()).toBe('ready');
    try {
      for (const at of pointsAcross(logged.history, 8, 4)) {
        for (const [items, country] of questions) {
          const expected: Rule[] = [];
          for (const ruleId of [...logged.history.ruleIds].sort()) {
            const rule = await replayRule(logged.store, ruleId, at);
            if (!rule || rule.status === 'rescinded') continue;
            const named = lower(rule.terms.items.flatMap((i) => [i.product, i.family]));
            if (!items.some((item) => named.includes(item.toLowerCase()))) continue;
            if (!lower(rule.terms.destinations.map((d) => d.country)).includes(country.toLowerCase())) continue;
            expected.push(rule);
          }
          // Asked twice: the second answer comes from the caches of parsed terms and sources.
          expect(readModel.screeningCandidates(at, items, country)).toEqual(expected);
          expect(readModel.screeningCandidates(at, items, country)).toEqual(expected);
          expect(tables.screeningCandidates(at, items, country)).toEqual(expected);
          found += expected.length;
        }
      }
    } finally {
      tables.close();
    }
    expect(found).toBeGreaterThan(10);
  });

  it('given a time before most rules existed, still pages correctly (the plan that starts from time)', async () => {
    const at = { asOf: new Date(logged.history.from + 30 * 3_600_000).toISOString(), knownAt: new Date(logged.history.to).toISOString() };
    expect(allPages(readModel, at, {}, 3)).toEqual(await expectedList(logged.store, logged.history, at, {}));
  });

  it.each<[string, { parts?: number; latestCapacity?: number }]>([
    ['in one part', {}],
    ['cut into ranges of rules joined afterwards, with latest versions spilled', { parts: 3, latestCapacity: 5 }],
  ])('when built in bulk from the log %s, gives the same answers as the live projector', async (_how, options) => {
    const file = join(logged.dir, `bulk-${options.parts ?? 1}`, 'read-model.sqlite');
    await buildReadModel(logged.store, siblingPath(file), options);
    const bulk = new RuleReadModel(file);
    try {
      expect(bulk.unusable()).toBeUndefined();
      expect(bulk.count()).toEqual(readModel.count());
      for (const at of pointsAcross(logged.history, 10, 3)) {
        expect(bulk.listRules(at, {}, { limit: 1000 })).toEqual(readModel.listRules(at, {}, { limit: 1000 }));
        const to = new Date(Date.parse(at.asOf) + 20 * 86_400_000).toISOString();
        expect(bulk.changes(at.asOf, to, at.knownAt, { limit: 1000 })).toEqual(readModel.changes(at.asOf, to, at.knownAt, { limit: 1000 }));
      }
    } finally {
      bulk.close();
    }
  });

  it('pages changes with a bounded walk: following the cursors gives what one unbounded page gives', () => {
    for (const at of pointsAcross(logged.history, 6, 2)) {
      const to = new Date(Date.parse(at.asOf) + 60 * 86_400_000).toISOString();
      const whole = readModel.changes(at.asOf, to, at.knownAt, { limit: 1000, scan: 10_000 });
      const paged: RuleChange[] = [];
      const sizes: number[] = [];
      let after: string | undefined;
      do {
        const page = readModel.changes(at.asOf, to, at.knownAt, { after, limit: 2, scan: 3 });
        paged.push(...page.changes);
        sizes.push(page.changes.length);
        after = page.nextCursor;
      } while (after);

      expect(whole.nextCursor).toBeUndefined();
      expect(paged).toEqual(whole.changes);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
      // Every rule looked at, 3 at a time, however few changed.
      expect(sizes.length).toBeGreaterThanOrEqual(Math.ceil([...logged.history.ruleIds].length / 3));
    }
  });

  it('answers with index lookups only: no query plan scans a table', () => {
    const plans = readModel.explain();
    for (const [query, steps] of Object.entries(plans)) {
      for (const step of steps) expect(`${query}: ${step}`).not.toMatch(/: SCAN (rules|rule_versions|rule_terms|rule_sources|rule_tags)\b/);
    }
    expect(plans.ruleAt.join('\n')).toMatch(/SEARCH .* USING (COVERING )?INDEX rule_versions_by_rule_valid/);
  });
});
