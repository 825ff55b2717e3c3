import { decide, evolve, initialState, ProposeRuleBody, RuleCommand, RuleState, ruleStreamName, toStoredParts } from '@policy/domain';
import { EventStore } from '@policy/event-store';
import { seededRandom } from '@policy/testkit';
import { randomUUID } from 'node:crypto';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface RandomHistory {
  readonly ruleIds: string[];
  /** Recorded time of the first and the last event. */
  readonly from: number;
  readonly to: number;
}

const COUNTRIES = ['CN', 'RU', 'SA', 'AE', 'IN'];
const PRODUCTS = ['H100', 'H200', 'H20', 'MI308'];
const AUTHORITIES = ['US Department of Commerce (BIS)', 'US White House', 'PRC government'];

/**
 * Appends a random but valid history through the domain's own `decide`: proposals, pauses,
 * approvals, rescissions and amendments (of effect, destinations, items or authority, so filter
 * words change), some recorded late, some scheduled ahead, some citing new sources. Recorded
 * time moves an hour per event from `start`.
 */
export const appendRandomHistory = async (
  store: EventStore,
  options: { rules: number; events: number; seed: number; prefix?: string; start?: string; only?: string },
): Promise<RandomHistory> => {
  const random = seededRandom(options.seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const prefix = options.prefix ?? 'rule';
  const states = new Map<string, RuleState>();
  const ruleIds: string[] = [];
  const from = Date.parse(options.start ?? '2024-01-01T00:00:00.000Z');
  let recorded = from;
  for (let n = 0; n < options.events; n++) {
    recorded += HOUR;
    const live = ruleIds.filter((id) => states.get(id)!.status !== 'rescinded');
    const proposing =
      options.only === undefined && ruleIds.length < options.rules && (live.length === 0 || random() < options.rules / options.events);
    const ruleId = options.only ?? (proposing ? `${prefix}-${ruleIds.length}` : pick(live));
    if (ruleId === undefined) break;
    const state = states.get(ruleId) ?? initialState();
    if (state.status === 'rescinded') break;
    const roll = random();
    const raw =
      roll < 0.7 ? recorded - random() * DAY : roll < 0.85 ? recorded - (7 + random() * 60) * DAY : recorded + (1 + random() * 60) * DAY;
    const effectiveAt = new Date(Math.max(raw, state.status === 'none' ? 0 : Date.parse(state.effectiveAt))).toISOString();
    const metadata = { recordedAt: new Date(recorded).toISOString(), actor: 'key:test' };
    const sources = random() < 0.3 ? [{ url: `https://example.org/${n}`, title: `report ${n}` }] : [];
    const command = ((): RuleCommand => {
      if (state.status === 'none') {
        const { ruleId: _ignored, ...data } = ProposeRuleBody.parse({
          title: `rule ${ruleId}`,
          authority: pick(AUTHORITIES),
          jurisdiction: 'US',
          instrument: 'regulation',
          items: [{ vendor: 'NVIDIA', product: pick(PRODUCTS) }],
          destinations: [{ country: pick(COUNTRIES) }, ...(random() < 0.3 ? [{ country: 'SA', party: 'Humain' }] : [])],
          effect: 'licence-required',
          sources: [{ url: `https://example.org/p${n}`, title: 'proposal' }],
          effectiveAt,
        });
        return { type: 'ProposeRule', ruleId, data, metadata };
      }
      const action = random();
      if (action < 0.03 && options.only === undefined) return { type: 'RescindRule', ruleId, data: { effectiveAt, sources }, metadata };
      if (action < 0.45) {
        const changes = pick([
          { effect: pick(['allow', 'deny', 'licence-required'] as const) },
          { destinations: [{ country: pick(COUNTRIES) }] },
          { items: [{ vendor: 'NVIDIA', product: pick(PRODUCTS) }] },
          { authority: pick(AUTHORITIES) },
        ]);
        return { type: 'AmendRule', ruleId, data: { effectiveAt, sources, changes }, metadata };
      }
      const type = state.status === 'approved' ? 'PauseRule' : 'ApproveRule';
      return { type, ruleId, data: { effectiveAt, sources }, metadata };
    })();
    const events = decide(command, state);
    await store.append(
      ruleStreamName(ruleId),
      events.map((event) => ({ eventId: randomUUID(), ...toStoredParts(event, { actor: 'key:test', correlationId: randomUUID() }) })),
      { expectedRevision: state.status === 'none' ? 'no-stream' : BigInt(state.revision) },
    );
    states.set(ruleId, events.reduce(evolve, state));
    if (state.status === 'none') ruleIds.push(ruleId);
  }
  return { ruleIds, from, to: recorded };
};

/** Points in time across a history, on both clocks, including before it and far after it. */
export const pointsAcross = (history: RandomHistory, count: number, seed = 1): { asOf: string; knownAt: string }[] => {
  const random = seededRandom(seed);
  const span = history.to - history.from;
  const at = (fraction: number) => new Date(history.from - 2 * DAY + fraction * (span + 70 * DAY)).toISOString();
  return Array.from({ length: count }, () => {
    const asOf = random();
    return { asOf: at(asOf), knownAt: at(random() < 0.3 ? 1.2 : asOf + random() * (1.2 - asOf)) };
  });
};
