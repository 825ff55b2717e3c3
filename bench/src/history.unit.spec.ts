import { evolve, initialState, RuleState, toEnvelope } from '@policy/domain';
import { emptyFacts, generateHistory, HistoryOptions, HOT_RULE_ID } from './history';

const options: HistoryOptions = {
  rules: 300,
  events: 3000,
  hotRuleEvents: 400,
  seed: 7,
  from: '2020-01-01T00:00:00.000Z',
  to: '2026-11-01T00:00:00.000Z',
};

describe('the benchmark history', () => {
  const facts = emptyFacts(options);
  const events = [...generateHistory(options, facts)];

  it('has the sizes asked for', () => {
    expect(events).toHaveLength(options.events);
    expect(new Set(events.map((e) => e.streamId)).size).toBe(options.rules);
    expect(events.filter((e) => e.streamId.endsWith(HOT_RULE_ID))).toHaveLength(options.hotRuleEvents);
    expect(facts.ruleIds).toHaveLength(options.rules);
  });

  it('is a log the service could have written: every event validates and folds, revisions count up per rule', () => {
    const states = new Map<string, RuleState>();
    events.forEach((stored, i) => {
      const envelope = toEnvelope({ ...stored, revision: BigInt(stored.revision), position: BigInt(i + 1) });
      const before = states.get(envelope.ruleId) ?? initialState();
      expect(stored.revision).toBe(before.status === 'none' ? 0 : before.revision + 1);
      states.set(envelope.ruleId, evolve(before, envelope));
    });
  });

  it('keeps both clocks moving forward within a rule, and recorded time forward across the log', () => {
    const last = new Map<string, { effectiveAt: string; recordedAt: string }>();
    let previousRecorded = '';
    for (const { metadata } of events) {
      const m = metadata as { ruleId: string; effectiveAt: string; recordedAt: string };
      const before = last.get(m.ruleId);
      if (before) {
        expect(m.effectiveAt >= before.effectiveAt).toBe(true);
        expect(m.recordedAt >= before.recordedAt).toBe(true);
      }
      expect(m.recordedAt >= previousRecorded).toBe(true);
      previousRecorded = m.recordedAt;
      last.set(m.ruleId, m);
    }
  });

  it('records some changes late and schedules some ahead', () => {
    const clocks = events.map((e) => e.metadata as { effectiveAt: string; recordedAt: string });
    const late = clocks.filter((c) => Date.parse(c.recordedAt) - Date.parse(c.effectiveAt) > 7 * 86_400_000);
    const future = clocks.filter((c) => c.effectiveAt > c.recordedAt);
    expect(late.length).toBeGreaterThan(options.events * 0.05);
    expect(future.length).toBeGreaterThan(options.events * 0.05);
  });

  it('gives the same history for the same seed', () => {
    const again = [...generateHistory(options, emptyFacts(options))];
    const strip = (e: (typeof events)[number]) => ({ ...e, eventId: '', metadata: { ...(e.metadata as object), correlationId: '' } });
    expect(again.slice(0, 200).map(strip)).toEqual(events.slice(0, 200).map(strip));
  });
});
