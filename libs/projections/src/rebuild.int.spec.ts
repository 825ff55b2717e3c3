import Database from 'better-sqlite3';
import { waitFor } from '@policy/common/testing';
import { PointInTime } from '@policy/domain';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Projector } from './projector';
import { buildReadModel } from './read-model-builder';
import { removeFile, RuleReadModel } from './rule-read-model';
import { appendRandomHistory, pointsAcross, RandomHistory } from './testing/random-history';
import { HistoryStore, openHistoryStore } from './testing/history-store';

const quiet = { log: () => undefined, error: () => undefined };
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A fixed set of questions whose answers cannot change: every point is in the past on both clocks. */
const questionsFor = (history: RandomHistory) => {
  const points = pointsAcross(history, 6, 7).map((at) => ({
    ...at,
    knownAt: at.knownAt > new Date(history.to).toISOString() ? new Date(history.to).toISOString() : at.knownAt,
  }));
  return (readModel: RuleReadModel) =>
    JSON.stringify(
      points.map((at: PointInTime) => ({
        rules: history.ruleIds.slice(0, 15).map((id) => readModel.ruleAt(id, at) ?? null),
        list: readModel.listRules(at, {}, { limit: 1000 }),
        cn: readModel.listRules(at, { destination: 'CN' }, { limit: 1000 }),
      })),
    );
};

describe('rebuilding the read model', () => {
  let logged: HistoryStore;
  let file: string;

  beforeEach(async () => {
    logged = await openHistoryStore('policy-rebuild-', { rules: 60, events: 1500, seed: 5 }, { pollIntervalMs: 20 });
    file = join(logged.dir, 'read-model.sqlite');
  });

  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await logged.close();
  });

  const running = async (readModel: RuleReadModel) => {
    const projector = new Projector(logged.store, readModel, quiet, { rebuildPageSize: 50 });
    cleanup.push(
      () => readModel.close(),
      () => projector.stop(),
    );
    projector.start();
    await projector.waitUntilCaughtUp();
    return projector;
  };

  it('given readers asking all along, answers the same before, during and after a rebuild, and keeps following the log', async () => {
    const readModel = new RuleReadModel(file);
    const projector = await running(readModel);
    const ask = questionsFor(logged.history);
    const before = ask(readModel);
    const inode = statSync(file).ino;

    // When: a rebuild runs while readers keep asking and writers keep appending.
    const rebuilt = projector.rebuild('test');
    let during = 0;
    let appended = 0;
    let done = false;
    void rebuilt.finally(() => (done = true));
    while (!done) {
      expect(ask(readModel)).toBe(before);
      if (projector.status().rebuilding) during++;
      // Rules proposed now (the answers in the past stay the same), and events of another stream.
      await appendRandomHistory(logged.store, {
        rules: 1,
        events: 1,
        seed: appended,
        prefix: `during-${appended}`,
        start: new Date().toISOString(),
      });
      await logged.store.append(`audit-${appended}`, [{ eventId: `audit-${appended}`, type: 'Noted', data: {}, metadata: {} }], {
        expectedRevision: 'no-stream',
      });
      appended++;
      await nextTurn();
    }
    const report = await rebuilt;

    // Then: the same answers throughout, from a new file, with every event of the log in it.
    expect(during).toBeGreaterThan(3);
    expect(ask(readModel)).toBe(before);
    expect(statSync(file).ino).not.toBe(inode);
    expect(report.events).toBeGreaterThanOrEqual(1500);
    expect(readdirSync(logged.dir).filter((name) => /^read-model\.v\d+\./.test(name))).toEqual([]);
    const head = (await logged.store.headPosition())!;
    expect(await projector.waitFor(head, 5000)).toBe(true);
    // Visible at once; committed (the checkpoint) within the projector's commit delay.
    await waitFor('the commit of the head', () => readModel.checkpoint() === head, { timeoutMs: 5000, intervalMs: 10 });
    expect(readModel.checkpoint()).toBe(head);

    // And it keeps following the log: a rule proposed now is readable at once.
    const more = await appendRandomHistory(logged.store, {
      rules: 1,
      events: 1,
      seed: 9,
      prefix: 'after',
      start: new Date().toISOString(),
    });
    expect(await projector.waitFor((await logged.store.headPosition())!, 5000)).toBe(true);
    expect(readModel.ruleAt(more.ruleIds[0], { asOf: '2100-01-01T00:00:00.000Z', knownAt: '2100-01-01T00:00:00.000Z' })).toMatchObject({
      ruleId: 'after-0',
    });

    await projector.stop();
    readModel.close();
  });

  it.each([
    ['deleted', () => removeFile(join(logged.dir, 'read-model.sqlite')), 'missing'],
    [
      'overwritten with garbage',
      () => (removeFile(join(logged.dir, 'read-model.sqlite')), writeFileSync(join(logged.dir, 'read-model.sqlite'), 'not a database')),
      'unreadable',
    ],
    [
      'built by another projection version',
      () => {
        const db = new Database(join(logged.dir, 'read-model.sqlite'));
        db.prepare("UPDATE meta SET value = '1' WHERE key = 'projection_version'").run();
        db.close();
      },
      'outdated',
    ],
  ])('given a read-model file %s, rebuilds it at start to the same answers', async (_case, damage, problem) => {
    const first = new RuleReadModel(file);
    const projector = await running(first);
    const ask = questionsFor(logged.history);
    const before = ask(first);
    await projector.stop();
    first.close();

    damage();
    const second = new RuleReadModel(file);
    expect(second.unusable()).toBe(problem);
    const again = await running(second);
    expect(ask(second)).toBe(before);
    expect(second.checkpoint()).toBe(await logged.store.headPosition());
    await again.stop();
    second.close();
  });

  it('given a complete build left beside the file (npm run rebuild -- --beside), adopts it at start and catches up the rest', async () => {
    const readModel = new RuleReadModel(file);
    const projector = await running(readModel);
    const ask = questionsFor(logged.history);
    const before = ask(readModel);
    const beside = readModel.siblingPath();
    await buildReadModel(logged.store, beside);
    // The log moves on after the build: the start must catch the new events up.
    await appendRandomHistory(logged.store, {
      rules: 2,
      events: 5,
      seed: 3,
      prefix: 'late',
      start: new Date(logged.history.to + 3_600_000).toISOString(),
    });
    await projector.stop();
    readModel.close();

    const restarted = new RuleReadModel(file);
    expect(restarted.unusable()).toBeUndefined();
    expect(existsSync(beside)).toBe(false);
    const again = await running(restarted);
    expect(ask(restarted)).toBe(before);
    expect(restarted.ruleAt('late-0', { asOf: '2100-01-01T00:00:00.000Z', knownAt: '2100-01-01T00:00:00.000Z' })).toBeDefined();
    // Stopping commits what the projector applied: the whole log.
    await again.stop();
    expect(restarted.checkpoint()).toBe(await logged.store.headPosition());
    restarted.close();
  });

  it('given a build that never finished, throws it away at start', async () => {
    const readModel = new RuleReadModel(file);
    const leftover = readModel.siblingPath();
    writeFileSync(leftover, 'half a build');
    readModel.close();
    const restarted = new RuleReadModel(file);
    expect(existsSync(leftover)).toBe(false);
    restarted.close();
  });
});
