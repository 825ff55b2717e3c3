import { evolve, Rule, RULE_STREAM_PREFIX, RuleEventEnvelope, RuleState, Source } from '@policy/domain';
import { RecordedEvent } from '@policy/event-store';
import { screeningWord } from './read-model/stored-codes.codec';

/**
 * One version of a rule as the read model stores it: the state after one event, split so
 * that what did not change is not written again. Terms (sources aside) are shared by the
 * versions until an amendment; sources only ever accumulate, so a version keeps how many of
 * the rule's sources it has; filter words change only with items, destinations or authority.
 */
export type RuleVersion = Readonly<{
  ruleId: string;
  revision: number;
  position: number;
  /** effectiveAt and recordedAt, in epoch milliseconds. */
  validFrom: number;
  recordedAt: number;
  state: Rule;
  /** Terms other than sources differ from the previous version's (always true for a proposal). */
  termsChanged: boolean;
  /** Sources this version adds to the previous one's, in order. */
  addedSources: readonly Source[];
  /** Items, destinations or authority changed: the filter words are stored again for this revision. */
  tagsChanged: boolean;
  /** Words the list filters match: products and families; destination countries and parties. */
  products: readonly string[];
  destinations: readonly string[];
  /** Screening words: each item word with each destination country (see SCREENING_TAG_KIND). */
  screening: readonly string[];
}>;

/**
 * The projection's pure step: the rule's previous state and one of its events give the next
 * version. The same `evolve` the command side uses, so the read model cannot disagree with a
 * fold of the log; what changed is found by comparing references, which `evolve` keeps for
 * every part of the state it does not touch.
 */
export const nextVersion = (previous: RuleState, envelope: RuleEventEnvelope): RuleVersion => {
  const state = evolve(previous, envelope) as Rule;
  const before = previous.status === 'none' ? undefined : previous.terms;
  const terms = state.terms;
  const tagsChanged =
    before === undefined ||
    terms.items !== before.items ||
    terms.destinations !== before.destinations ||
    terms.authority !== before.authority;
  return {
    ruleId: envelope.ruleId,
    revision: envelope.revision,
    position: envelope.position,
    validFrom: Date.parse(envelope.effectiveAt),
    recordedAt: Date.parse(envelope.recordedAt),
    state,
    termsChanged: before === undefined || coreTermsChanged(before, terms),
    addedSources: addedSources(before?.sources ?? [], terms.sources),
    tagsChanged,
    products: tagsChanged ? unique(terms.items.flatMap((item) => [item.product, item.family])) : [],
    destinations: tagsChanged ? unique(terms.destinations.flatMap((d) => [d.country, d.party])) : [],
    screening: tagsChanged ? screeningWords(terms) : [],
  };
};

const coreTermsChanged = (before: Rule['terms'], after: Rule['terms']): boolean => {
  const keys = Object.keys(after) as (keyof Rule['terms'])[];
  if (keys.length !== Object.keys(before).length) return true;
  return keys.some((key) => key !== 'sources' && after[key] !== before[key]);
};

/** Sources only accumulate (`evolve` appends new ones), so the new list extends the old one. */
const addedSources = (before: readonly Source[], after: readonly Source[]): readonly Source[] => {
  if (after === before) return [];
  for (let i = 0; i < before.length; i++) {
    if (after[i] !== before[i]) throw new Error('sources of a rule were rewritten, not appended: the projection cannot store that');
  }
  return after.slice(before.length);
};

const screeningWords = (terms: Rule['terms']): string[] => {
  const items = unique(terms.items.flatMap((item) => [item.product, item.family]));
  const countries = unique(terms.destinations.map((d) => d.country));
  return items.flatMap((item) => countries.map((country) => screeningWord(item, country)));
};

const unique = (words: readonly (string | undefined)[]): string[] => [
  ...new Set(words.filter((w): w is string => w !== undefined).map((w) => w.toLowerCase())),
];

export const isRuleEvent = (stored: RecordedEvent): boolean => stored.streamId.startsWith(RULE_STREAM_PREFIX);
