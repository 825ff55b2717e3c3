import { assertNever, CURRENT_SCHEMA_VERSION, RuleEvent, ruleStreamName } from '@policy/domain';
import { LoadedEvent } from '@policy/event-store';
import { seededRandom } from '@policy/testkit';
import { randomUUID } from 'node:crypto';
import { COUNTRIES, ITEMS, PARTIES } from './vocabulary';

/**
 * A synthetic but realistic history of export-control rules, generated in recorded-time order
 * (which is the order the service would have appended it, so it is also the global order).
 * Shapes and vocabulary follow docs/domain.md; both clocks behave as in real life: most changes are
 * recorded the day they take effect, some are recorded late (backdated), some are scheduled
 * ahead (future-dated), and within a rule effective time never goes backwards.
 */
export interface HistoryOptions {
  readonly rules: number;
  readonly events: number;
  /** Events of the one rule kept for the replay benchmark (a rule with a long history). */
  readonly hotRuleEvents: number;
  readonly seed: number;
  /** Recorded time of the first event and the last one. */
  readonly from: string;
  readonly to: string;
}

export const HOT_RULE_ID = 'bench-hot-rule';
export const BENCH_ACTOR = 'key:bench-loader';

const DAY = 86_400_000;
/** How many of the newest rules count as recent when picking which rule changes next. */
const RECENT_WINDOW = 2000;

/** What the benchmark needs to know about each rule to ask sensible questions of it. */
export interface RuleFacts {
  readonly ruleIds: string[];
  /** Recorded and effective time (ms) of each rule's proposal, by index in `ruleIds`. */
  readonly firstRecorded: Float64Array;
  readonly firstEffective: Float64Array;
  /** Rules that are not rescinded at the end, each with the last effective time it reached. */
  readonly live: { ruleId: string; lastEffective: number }[];
  readonly destinations: readonly string[];
  readonly from: number;
  readonly to: number;
  /** Events per kind of clock skew. */
  readonly skew: { sameDay: number; late: number; future: number };
}

type Status = 'proposed' | 'paused' | 'approved' | 'rescinded';

interface RuleCursor {
  readonly index: number;
  readonly ruleId: string;
  status: Status;
  revision: number;
  lastEffective: number;
  /** Position in the live array, for O(1) removal on rescind. */
  slot: number;
}

const AUTHORITIES = [
  { name: 'US Department of Commerce (BIS)', jurisdiction: 'US', slug: 'us-bis' },
  { name: 'US White House', jurisdiction: 'US', slug: 'us-wh' },
  { name: 'US Congress', jurisdiction: 'US', slug: 'us-congress' },
  { name: 'PRC government', jurisdiction: 'CN', slug: 'cn-gov' },
  { name: 'PRC Ministry of Commerce', jurisdiction: 'CN', slug: 'cn-mofcom' },
  { name: 'Government of the Netherlands', jurisdiction: 'NL', slug: 'nl-gov' },
  { name: 'Japan Ministry of Economy, Trade and Industry', jurisdiction: 'JP', slug: 'jp-meti' },
  { name: 'UK Department for Business and Trade', jurisdiction: 'GB', slug: 'uk-dbt' },
] as const;

export { COUNTRIES, ITEMS, PARTIES } from './vocabulary';

const INSTRUMENTS = ['executive-decision', 'regulation', 'draft-regulation', 'licence-decision', 'bill', 'guidance'] as const;
const EFFECTS = ['allow', 'deny', 'licence-required', 'restrict-import'] as const;

const CONDITIONS = [
  { kind: 'revenue-share', description: '25 % of sales paid to the US government', value: 25, unit: '%' },
  { kind: 'security-review', description: 'after a US security review of each customer' },
  { kind: 'approved-customers-only', description: 'to approved commercial customers only' },
  { kind: 'volume-cap', description: 'up to 70,000 chips in total', value: 70000, unit: 'chips' },
  { kind: 'minimum-lag', description: 'at least 30 months behind the newest generation', value: 30, unit: 'months' },
  { kind: 'importer-government-approval', description: 'prior approval by the importing government' },
] as const;

const METRICS = [
  { name: 'TPP', subject: 'NVIDIA H200', value: 15840 },
  { name: 'TPP', subject: 'Huawei Ascend 910C', value: 12032 },
  { name: 'TPP', subject: 'NVIDIA H20', value: 2368 },
] as const;

const PUBLISHERS = [
  { publisher: 'Reuters', url: 'https://www.reuters.com/technology/' },
  { publisher: "Tom's Hardware", url: 'https://www.tomshardware.com/tech-industry/' },
  { publisher: 'Institute for Progress', url: 'https://ifp.org/' },
  { publisher: 'Council on Foreign Relations', url: 'https://www.cfr.org/' },
  { publisher: 'Quartz', url: 'https://qz.com/' },
  { publisher: 'Al Jazeera', url: 'https://www.aljazeera.com/economy/' },
] as const;

/** The destination filter words the list benchmark asks about. */
export const DESTINATION_WORDS: readonly string[] = [...COUNTRIES, ...PARTIES.map((p) => p.party)];

/**
 * Yields the history event by event (never holding it whole), and fills `facts` as it goes.
 * Proposals are spread evenly over the recorded span; every other event goes to a random rule
 * that is not rescinded, so older rules collect longer histories, as they do in life.
 */
export function* generateHistory(options: HistoryOptions, facts: RuleFacts): Generator<LoadedEvent> {
  const random = seededRandom(options.seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  /** `count` draws from `values` without repeats, each a copy (the vocabulary is read-only). */
  const pickSome = <T extends object>(count: number, values: readonly T[]): T[] =>
    unique(Array.from({ length: count }, () => pick(values))).map((value) => ({ ...value }));
  const between = (low: number, high: number) => low + random() * (high - low);
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  if (options.rules < 1 || options.events < options.rules + options.hotRuleEvents) {
    throw new Error(`${options.events} events cannot hold ${options.rules} rules and a hot rule of ${options.hotRuleEvents} events`);
  }
  const step = (to - from) / options.events;
  const live: RuleCursor[] = [];
  let recorded = from;
  let proposalsLeft = options.rules - 1;
  let hotLeft = options.hotRuleEvents - 1;
  let left = options.events;
  let hot: RuleCursor | undefined;

  const effectiveFor = (rule: RuleCursor | undefined): number => {
    const roll = random();
    let effective: number;
    if (roll < 0.75) {
      effective = Math.floor((recorded - between(0, 2 * DAY)) / DAY) * DAY;
      facts.skew.sameDay++;
    } else if (roll < 0.9) {
      effective = recorded - between(7 * DAY, 180 * DAY);
      facts.skew.late++;
    } else {
      effective = recorded + between(DAY, 120 * DAY);
      facts.skew.future++;
    }
    return Math.max(Math.round(effective), rule?.lastEffective ?? 0);
  };

  const sources = (count: number, at: number) =>
    Array.from({ length: count }, () => {
      const outlet = pick(PUBLISHERS);
      return {
        url: `${outlet.url}${Math.floor(random() * 1e9).toString(36)}`,
        title: `${pick(AUTHORITIES).name} and ${pick(ITEMS).vendor} export policy update`,
        publisher: outlet.publisher,
        publishedAt: new Date(Math.floor(at / DAY) * DAY).toISOString(),
      };
    });

  const emit = (rule: RuleCursor, event: RuleEvent): LoadedEvent => ({
    streamId: ruleStreamName(rule.ruleId),
    revision: rule.revision,
    eventId: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      ruleId: rule.ruleId,
      effectiveAt: event.effectiveAt,
      recordedAt: event.recordedAt,
      actor: BENCH_ACTOR,
      correlationId: randomUUID(),
      causationId: null,
    },
    createdAt: event.recordedAt,
  });

  const propose = (ruleId: string): LoadedEvent => {
    const index = facts.ruleIds.length;
    const authority = pick(AUTHORITIES);
    const items = pickSome(1 + Math.floor(random() * 3), ITEMS);
    const destinations = unique(
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => (random() < 0.2 ? pick(PARTIES) : { country: pick(COUNTRIES) })),
    );
    const rule: RuleCursor = { index, ruleId, status: 'proposed', revision: 0, lastEffective: 0, slot: live.length };
    const effective = effectiveFor(undefined);
    rule.lastEffective = effective;
    facts.ruleIds.push(ruleId);
    facts.firstRecorded[index] = recorded;
    facts.firstEffective[index] = effective;
    live.push(rule);
    const label = items.map((item) => ('product' in item ? item.product : item.family)).join(', ');
    const where = destinations.map((d) => ('party' in d ? `${d.party} (${d.country})` : d.country)).join(', ');
    return emit(rule, {
      type: 'RuleProposed',
      ruleId,
      effectiveAt: new Date(effective).toISOString(),
      recordedAt: new Date(recorded).toISOString(),
      data: {
        terms: {
          title: `${label} exports to ${where}`,
          authority: authority.name,
          jurisdiction: authority.jurisdiction,
          instrument: pick(INSTRUMENTS),
          items,
          destinations: destinations.map((d) => ({ ...d })),
          effect: pick(EFFECTS),
          conditions: pickSome(Math.floor(random() * 3), CONDITIONS),
          metrics: pickSome(Math.floor(random() * 2), METRICS),
          sources: sources(1 + Math.floor(random() * 2), recorded),
        },
        reason: random() < 0.5 ? 'reported by the press; first reported day used' : undefined,
      },
    });
  };

  /** A change the rule's status allows; rescinds are rare so that histories stay long. */
  const change = (rule: RuleCursor, allowRescind: boolean): LoadedEvent => {
    const roll = random();
    const next = ((): 'RulePaused' | 'RuleApproved' | 'RuleRescinded' | 'RuleAmended' => {
      if (allowRescind && roll < 0.02) return 'RuleRescinded';
      switch (rule.status) {
        case 'proposed':
          return roll < 0.5 ? 'RuleApproved' : roll < 0.65 ? 'RulePaused' : 'RuleAmended';
        case 'approved':
          return roll < 0.35 ? 'RulePaused' : 'RuleAmended';
        case 'paused':
          return roll < 0.65 ? 'RuleApproved' : 'RuleAmended';
        case 'rescinded':
          throw new Error(`rule ${rule.ruleId} is rescinded and cannot change`);
        default:
          return assertNever(rule.status);
      }
    })();
    rule.revision++;
    const effective = effectiveFor(rule);
    rule.lastEffective = effective;
    const base = {
      ruleId: rule.ruleId,
      effectiveAt: new Date(effective).toISOString(),
      recordedAt: new Date(recorded).toISOString(),
    };
    // Sources accumulate on a rule for ever, so a rule with thousands of changes cites a new
    // source only now and then (as a long-lived regulation amended quarterly would).
    const sourceRate = allowRescind ? 0.4 : 0.01;
    const annotation = { reason: random() < 0.3 ? 'as reported' : undefined, sources: random() < sourceRate ? sources(1, recorded) : [] };
    switch (next) {
      case 'RulePaused':
        rule.status = 'paused';
        return emit(rule, { type: next, ...base, data: annotation });
      case 'RuleApproved':
        rule.status = 'approved';
        return emit(rule, { type: next, ...base, data: annotation });
      case 'RuleRescinded': {
        rule.status = 'rescinded';
        const last = live.pop()!;
        if (last !== rule) {
          live[rule.slot] = last;
          last.slot = rule.slot;
        }
        return emit(rule, { type: next, ...base, data: annotation });
      }
      case 'RuleAmended': {
        const roll2 = random();
        const changes =
          roll2 < 0.4
            ? { conditions: pickSome(1 + Math.floor(random() * 2), CONDITIONS) }
            : roll2 < 0.6
              ? { effect: pick(EFFECTS) }
              : roll2 < 0.8
                ? {
                    destinations: unique([{ country: pick(COUNTRIES) }, ...(random() < 0.3 ? [pick(PARTIES)] : [])]).map((d) => ({ ...d })),
                  }
                : { metrics: [{ ...pick(METRICS) }] };
        return emit(rule, { type: next, ...base, data: { ...annotation, changes } });
      }
      default:
        return assertNever(next);
    }
  };

  for (let n = 0; n < options.events; n++, left--) {
    recorded += step * between(0.5, 1.5);
    if (n === 0) {
      yield propose(HOT_RULE_ID);
      hot = live.pop();
      continue;
    }
    if (hotLeft > 0 && random() < hotLeft / left) {
      hotLeft--;
      yield change(hot!, false);
    } else if (proposalsLeft > 0 && (live.length === 0 || random() < proposalsLeft / (left - hotLeft))) {
      yield propose(`${scrambled(options.rules - proposalsLeft)}-${pick(AUTHORITIES).slug}`);
      proposalsLeft--;
    } else if (live.length > 0) {
      // Most changes go to recently proposed rules (approved or amended within days of the
      // proposal, as news cycles go); the rest to any rule still in play.
      const recent = random() < 0.7;
      const index = recent
        ? live.length - 1 - Math.floor(random() * Math.min(live.length, RECENT_WINDOW))
        : Math.floor(random() * live.length);
      yield change(live[index], true);
    } else {
      // Everything else is rescinded: the hot rule takes the event.
      yield change(hot!, false);
    }
  }
  for (const rule of [...live, hot!]) facts.live.push({ ruleId: rule.ruleId, lastEffective: rule.lastEffective });
}

export const emptyFacts = (options: HistoryOptions): RuleFacts => ({
  ruleIds: [],
  firstRecorded: new Float64Array(options.rules),
  firstEffective: new Float64Array(options.rules),
  live: [],
  destinations: DESTINATION_WORDS,
  from: Date.parse(options.from),
  to: Date.parse(options.to),
  skew: { sameDay: 0, late: 0, future: 0 },
});

/**
 * A rule id that says nothing about when the rule was made (real ids are slugs), so that
 * rule-id order, the order of list pages, is not also age order. Multiplying by an odd
 * number is a bijection modulo 2^32, so ids stay unique.
 */
const scrambled = (n: number): string => `r${(Math.imul(n, 0x9e3779b1) >>> 0).toString(36).padStart(7, '0')}`;

/** Drops repeats (same JSON), keeping the first. */
const unique = <T>(values: readonly T[]): T[] => {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = JSON.stringify(value);
    return !seen.has(key) && seen.add(key);
  });
};
