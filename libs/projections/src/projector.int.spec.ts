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
  override commit(): void {
    if (this.armed) {
      this.armed = false;
      this.failures++;
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    }
    super.commit();
  }
}

/** Commits follow the projector's commit delay; ten seconds is far beyond it on a loaded machine. */
const commitDeadline = { timeoutMs: 10_000, intervalMs: 10 };

describe('Projector', () => {
  describe('when the delayed commit of applied events fails', () => {
    it('rolls back, follows the log again from its last commit, and ends with every event committed', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'policy-projector-'));
      const store = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
      const readModel = new FailingOnceReadModel(join(dir, 'read-model.sqlite'));
      const errors: string[] = [];
      const projector = new Projector(store, readModel, { log: () => undefined, error: (message) => void errors.push(message) });
      try {
        await appendRandomHistory(store, { rules: 5, events: 40, seed: 3 });
        projector.start();
        await projector.waitUntilCaughtUp();
        await waitFor('the first commit', () => readModel.checkpoint() === 40n, commitDeadline);

        // When: more events arrive and the commit that follows them fails.
        readModel.armed = true;
        const more = await appendRandomHistory(store, { rules: 2, events: 10, seed: 4, prefix: 'later', start: new Date().toISOString() });
        const head = (await store.headPosition())!;

        // Then: the failure is reported, nothing is lost, and the feed recovers on its own.
        await waitFor('the failed commit', () => readModel.failures === 1, commitDeadline);
        await waitFor('every event committed after the failure', () => readModel.checkpoint() === head, commitDeadline);
        expect(errors.join('\n')).toContain('database or disk is full');
        expect(projector.status()).toMatchObject({ running: true, position: head, committed: head });
        const known = { asOf: '2100-01-01T00:00:00.000Z', knownAt: '2100-01-01T00:00:00.000Z' };
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
