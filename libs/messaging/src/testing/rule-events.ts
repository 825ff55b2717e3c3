import { RuleEvent, RuleEventEnvelope, ruleStreamName, toEnvelope, toStoredParts } from '@policy/domain';
import { EventStore, NewEvent } from '@policy/event-store';
import { blackwellTerms } from '@policy/testkit';
import { randomUUID } from 'node:crypto';

/**
 * The event at `revision` of a test rule, following a valid lifecycle: proposed, then approved
 * and paused in turn with an amendment every fifth event (each adding a source, so states
 * differ at every revision). Effective time moves forward one minute per revision.
 */
export const ruleEventAt = (ruleId: string, revision: number): RuleEvent => {
  const at = new Date(Date.UTC(2025, 11, 8) + revision * 60_000).toISOString();
  const base = { ruleId, effectiveAt: at, recordedAt: new Date().toISOString() };
  const sources = [{ url: `https://example.org/${ruleId}/${revision}`, title: `report ${revision}` }];
  if (revision === 0) return { type: 'RuleProposed', ...base, data: { terms: blackwellTerms(ruleId) } };
  if (revision % 5 === 0) {
    return { type: 'RuleAmended', ...base, data: { changes: { title: `Rule ${ruleId}, amended at ${revision}` }, sources } };
  }
  return { type: revision % 2 === 1 ? 'RuleApproved' : 'RulePaused', ...base, data: { sources } };
};

export const storedEvent = (event: RuleEvent): NewEvent => ({
  eventId: randomUUID(),
  ...toStoredParts(event, { actor: 'key:test-admin', correlationId: randomUUID() }),
});

/** The envelope the relay would publish for a test rule's event at `revision`, without a store. */
export const envelopeAt = (ruleId: string, revision: number, position = revision + 1): RuleEventEnvelope =>
  toEnvelope({ ...storedEvent(ruleEventAt(ruleId, revision)), revision: BigInt(revision), position: BigInt(position) });

/**
 * Appends `count` events round-robin over `rules` rules (one append per event, so rules
 * interleave in the log as they would under real traffic), continuing each rule's stream.
 * Yields to the event loop every `yieldEvery` appends so a relay in the same process keeps
 * up while the log grows.
 */
export const appendInterleaved = async (
  store: EventStore,
  { rules, count, prefix, yieldEvery = 200 }: { rules: number; count: number; prefix: string; yieldEvery?: number },
): Promise<void> => {
  const next = new Map<string, number>();
  for (const ruleId of ruleIds(prefix, rules)) {
    const head = await store.readStream(ruleStreamName(ruleId), { direction: 'backwards', maxCount: 1 });
    next.set(ruleId, head.length === 0 ? 0 : Number(head[0].revision) + 1);
  }
  const ids = [...next.keys()];
  for (let i = 0; i < count; i++) {
    const ruleId = ids[i % ids.length];
    const revision = next.get(ruleId)!;
    await store.append(ruleStreamName(ruleId), [storedEvent(ruleEventAt(ruleId, revision))], {
      expectedRevision: revision === 0 ? 'no-stream' : BigInt(revision - 1),
    });
    next.set(ruleId, revision + 1);
    if ((i + 1) % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
  }
};

export const ruleIds = (prefix: string, rules: number): string[] =>
  Array.from({ length: rules }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
