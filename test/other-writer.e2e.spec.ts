import { RuleEvent, ruleStreamName, toStoredParts } from '@policy/domain';
import { SqliteEventStore } from '@policy/event-store';
import { join } from 'node:path';
import { client, eventually, h200, startService } from './support/service';

/**
 * The service remembers the state of rules it wrote a moment ago. Another writer of the same
 * log (a second api process, a migration script) makes that memory stale; the service must
 * still decide every write on the rule as it is in the log.
 */
describe('Writes to a rule that another writer moved meanwhile', () => {
  it('are decided on the log, not on what the service last wrote', async () => {
    const service = await startService();
    const api = client(service.url);
    const other = new SqliteEventStore(join(service.dataDir, 'events.sqlite'));
    const behindItsBack = async (type: 'RulePaused' | 'RuleApproved', revision: number, effectiveAt: string) => {
      const event: RuleEvent = { type, ruleId: 'moved', effectiveAt, recordedAt: new Date().toISOString(), data: { sources: [] } };
      await other.append(
        ruleStreamName('moved'),
        [{ eventId: `other-${revision}`, ...toStoredParts(event, { actor: 'key:other', correlationId: `other-${revision}` }) }],
        { expectedRevision: BigInt(revision - 1) },
      );
    };
    try {
      expect((await api.post('/rules', h200('moved', '2025-11-24'))).status).toBe(201);

      // Given: another writer pauses the rule (revision 1).
      await behindItsBack('RulePaused', 1, '2025-11-25T00:00:00.000Z');
      // When: a client that saw revision 1 approves with If-Match. Then: no 412 from a stale memory.
      const approved = await api.post('/rules/moved/approve', { effectiveAt: '2025-11-26' }, { 'if-match': '"1"' });
      expect(approved.status).toBe(200);
      expect(approved.body.revision).toBe(2);

      // Given: the other writer pauses it again (revision 3), so the service last wrote "approved".
      await behindItsBack('RulePaused', 3, '2025-11-27T00:00:00.000Z');
      // When: approve without If-Match. Then: not refused as "already approved"; decided on "paused".
      const again = await api.post('/rules/moved/approve', { effectiveAt: '2025-11-28' });
      expect(again.status).toBe(200);
      expect(again.body.revision).toBe(4);

      const history = await eventually(async () => {
        const answer = await api.get('/rules/moved/history');
        return answer.body.events?.length === 5 ? answer.body.events : undefined;
      }, 'the history to hold all five events');
      expect(history.map((e: { type: string; revision: number }) => [e.type, e.revision])).toEqual([
        ['RuleProposed', 0],
        ['RulePaused', 1],
        ['RuleApproved', 2],
        ['RulePaused', 3],
        ['RuleApproved', 4],
      ]);
    } finally {
      await other.close();
      await service.stop();
    }
  });
});
