import { waitFor } from '@policy/common/testing';
import { SqliteEventStore } from '@policy/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Projector } from './projector';
import { RuleReadModel } from './rule-read-model';
import { appendRandomHistory } from './testing/random-history';

/** A real read model whose next commit fails once, as one would on a full disk. */
class FailingOnceReadModel extends RuleReadModel {
  armed = false;
  failures = 0;
  /** Called as the commit fails: the test notes what queries saw then. */
  onFailure = () => undefined as void;
  override commit(): void {
    if (this.armed) {
      this.armed = false;
      this.failures++;
      this.onFailure();
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    }
    super.commit();
  }
}

/** Commits follow the projector's commit delay; ten seconds is far beyond it on a loaded machine. */
const commitDeadline = { timeoutMs: 10_000, intervalMs: 10 };

describe('Projector', () => {
  describe('when the delayed commit of applied events fails', () => {
    it('keeps the applied events visible, retries the commit after a pause, and ends with every event committed', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'policy-projector-'));
      const store = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
      const readModel = new FailingOnceReadModel(join(dir, 'read-model.sqlite'));
      const warnings: string[] = [];
      const projector = new Projector(store, readModel, {
        log: () => undefined,
        warn: (message) => void warnings.push(message),
        error: (message) => void warnings.push(message),
      });
      try {
        await appendRandomHistory(store, { rules: 5, events: 40, seed: 3 });
        projector.start();
        await projector.waitUntilCaughtUp();
        await waitFor('the first commit', () => readModel.checkpoint() === 40n, commitDeadline);

        // When: more events arrive and the commit that follows them fails.
        readModel.armed = true;
        let shownAtFailure: bigint | undefined;
        readModel.onFailure = () => void (shownAtFailure = projector.status().position);
        const more = await appendRandomHistory(store, { rules: 2, events: 10, seed: 4, prefix: 'later', start: new Date().toISOString() });
        const head = (await store.headPosition())!;

        // Then: the failure is reported and the events stay visible while the commit waits...
        const known = { asOf: '2100-01-01T00:00:00.000Z', knownAt: '2100-01-01T00:00:00.000Z' };
        await waitFor('the failed commit', () => readModel.failures === 1, commitDeadline);
        await waitFor('the storage failure to be reported', () => projector.status().storageFailure !== undefined, commitDeadline);
        // Never taken back: what queries saw when the commit failed, they still see.
        expect(projector.status().position! >= shownAtFailure!).toBe(true);
        expect(readModel.checkpoint()).toBe(40n);
        expect(warnings.join('\n')).toMatch(
          /the read model cannot commit \(database or disk is full\); holding its last events in memory, next attempt in \d+ ms/,
        );
        // ...and the next attempt commits them, and the feed goes on.
        await waitFor('every event committed after the failure', () => readModel.checkpoint() === head, commitDeadline);
        await waitFor('the failure to be over', () => projector.status().storageFailure === undefined, commitDeadline);
        expect(projector.status()).toMatchObject({ running: true, position: head, committed: head });
        for (const ruleId of more.ruleIds) expect(readModel.ruleAt(ruleId, known)?.ruleId).toBe(ruleId);
      } finally {
        await projector.stop();
        readModel.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
