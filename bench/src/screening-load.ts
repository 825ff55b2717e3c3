import { seededRandom } from '@policy/testkit';
import { COUNTRIES, ITEMS, PARTIES, RuleFacts } from './history';
import { WrkRequest } from './wrk-script';

/**
 * The requests of the screening and list phases, drawn from the generated history's own
 * vocabulary so every line meets the rules that name it. Each phase cycles through a fixed set
 * (wrk sends prepared requests); the effective time `at` (`asOf` for lists) is spread over the
 * history's span and the 120 days after it, so answers come from every part of the read model.
 * No `knownAt` is sent: a screening then sees everything recorded, the case an order system has.
 */
const SEED = 20261201;

/** The one-line phase's line: an item and a country the history names often. */
export const ONE_LINE = { vendor: 'NVIDIA', product: 'H200', destination: { country: 'CN' } } as const;

type Line = { vendor: string; product?: string; family?: string; destination: { country: string; party?: string } };

const span = (facts: RuleFacts) => ({ from: facts.from, to: facts.to + 120 * 86_400_000 });

const spreadTimes = (facts: RuleFacts, count: number, random: () => number): string[] => {
  const { from, to } = span(facts);
  return Array.from({ length: count }, () => new Date(Math.round(from + random() * (to - from))).toISOString());
};

/** `POST /evaluations` bodies of `lines` lines each: the one-line phase's line, or lines drawn from the vocabulary. */
export const evaluationRequests = (facts: RuleFacts, lines: number, count: number): WrkRequest[] => {
  const random = seededRandom(SEED + lines);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const line = (): Line => {
    const item = pick(ITEMS);
    const destination = random() < 0.2 ? { ...pick(PARTIES) } : { country: pick(COUNTRIES) };
    return 'product' in item
      ? { vendor: item.vendor, product: item.product, destination }
      : { vendor: item.vendor, family: item.family, destination };
  };
  return spreadTimes(facts, count, random).map((at) => ({
    path: '/evaluations',
    body: JSON.stringify({ at, lines: lines === 1 ? [ONE_LINE] : Array.from({ length: lines }, line) }),
  }));
};

/** `GET /rules?asOf&destination=<country>&limit=` pages. */
export const listRequests = (facts: RuleFacts, limit: number, count: number): WrkRequest[] => {
  const random = seededRandom(SEED);
  return spreadTimes(facts, count, random).map((asOf) => ({
    path: `/rules?asOf=${asOf}&destination=${COUNTRIES[Math.floor(random() * COUNTRIES.length)]}&limit=${limit}`,
  }));
};
