import { SqliteEventStore } from '@policy/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayRule } from './replay';
import { RuleSnapshots } from './rule-snapshots';
import { appendRandomHistory, pointsAcross } from './testing/random-history';
import { HistoryStore, openHistoryStore } from './testing/history-store';

describe('replay from snapshots', () => {
  let logged: HistoryStore;
  let snapshots: RuleSnapshots;

  beforeAll(async () => {
    // One rule with a long history: a proposal, then 1,200 changes.
    logged = await openHistoryStore('policy-replay-', { rules: 1, events: 1201, seed: 21, only: 'long-rule' });
    snapshots = new RuleSnapshots(join(logged.dir, 'snapshots.sqlite'), 50);
  });

  afterAll(async () => {
    snapshots.close();
    await logged.close();
  });

  it('given a long rule, folds to the same state from snapshots as from the first event, at every point', async () => {
    const points = pointsAcross(logged.history, 40, 4);
    // Cold: no snapshot yet; the replay leaves them behind as it goes.
    for (const at of points)
      expect(await replayRule(logged.store, 'long-rule', at, snapshots)).toEqual(await replayRule(logged.store, 'long-rule', at));
    expect(snapshots.count()).toBeGreaterThanOrEqual(20);
    // Warm: every replay now starts from a snapshot.
    for (const at of points)
      expect(await replayRule(logged.store, 'long-rule', at, snapshots)).toEqual(await replayRule(logged.store, 'long-rule', at));
    const latest = { asOf: '2100-01-01T00:00:00.000Z', knownAt: '2100-01-01T00:00:00.000Z' };
    expect(await replayRule(logged.store, 'long-rule', latest, snapshots)).toMatchObject({ revision: 1200 });
  });

  it('given snapshots of another log (a store restored from elsewhere), ignores them and folds this log', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'policy-replay-other-'));
    const other = new SqliteEventStore(join(otherDir, 'events.sqlite'));
    try {
      const otherHistory = await appendRandomHistory(other, { rules: 1, events: 300, seed: 99, only: 'long-rule' });
      for (const at of pointsAcross(otherHistory, 15, 6)) {
        expect(await replayRule(other, 'long-rule', at, snapshots)).toEqual(await replayRule(other, 'long-rule', at));
      }
    } finally {
      await other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
