import { RULE_EVENT_TYPES, RuleEventType, RuleStatus } from '@policy/domain';

/**
 * The small integers the read model stores in place of repeated words, and back. A code is a
 * position in these lists, so the lists only ever grow at the end (reordering them changes
 * what every stored row means: that needs a new PROJECTION_VERSION).
 */
const STATUSES: readonly RuleStatus[] = ['proposed', 'paused', 'approved', 'rescinded'];
const EVENT_TYPES: readonly RuleEventType[] = RULE_EVENT_TYPES;

const code = <T>(values: readonly T[], value: T): number => {
  const index = values.indexOf(value);
  if (index < 0) throw new Error(`no code for ${String(value)}`);
  return index;
};

export const statusCode = (status: RuleStatus): number => code(STATUSES, status);
export const statusOfCode = (stored: number): RuleStatus => STATUSES[stored];

/**
 * The code a status filter is matched against; -1 (no row has it) for a word that is no
 * status, so such a filter lists nothing instead of failing.
 */
export const statusFilterCode = (status: string): number => STATUSES.indexOf(status as RuleStatus);

export const eventCode = (type: RuleEventType): number => code(EVENT_TYPES, type);
export const eventOfCode = (stored: number): RuleEventType => EVENT_TYPES[stored];

/**
 * The `kind` column of rule_tags: which list filter a stored word answers. One letter, since
 * it is repeated in every row and in the first column of the words' index.
 */
export const TAG_KIND = { product: 'p', destination: 'd', authority: 'a' } as const;
export type TagKind = (typeof TAG_KIND)[keyof typeof TAG_KIND];
export type TagFilter = keyof typeof TAG_KIND;

/**
 * The `kind` of the screening words: one per item word (product or family) and destination
 * country a version names together, `<item>|<country>` in lower case. A screening line asks
 * for exactly one such pair, which few rules share, where either word alone is shared by
 * hundreds or thousands of rules.
 */
export const SCREENING_TAG_KIND = 's';

/** The screening word of an item word and a country (both as the rule or the line spells them). */
export const screeningWord = (item: string, country: string): string => `${item.toLowerCase()}|${country.toLowerCase()}`;

/** The list filter (and query parameter name) each tag kind answers. */
export const TAG_FILTER: Readonly<Record<TagKind, TagFilter>> = { p: 'product', d: 'destination', a: 'authority' };
