import { ProductClassified } from '../../catalogue/catalogue-events';
import { Rule, RuleStatus } from '../../rule.decider';
import { RuleTerms } from '../../rule-terms';
import { LineAnswer, PendingRule, RuleInForce } from '../evaluation-answer';
import { ScreeningLine } from '../evaluation-request';
import { Verdict } from '../verdict';

/**
 * Rule versions and catalogue entries from the real history (docs/domain.md), as the read model
 * would hand them to screening. Each rule is given as it stood at the point a spec asks about.
 */
type TermsInput = Omit<Partial<RuleTerms>, 'items' | 'destinations'> &
  Pick<RuleTerms, 'items' | 'effect'> &
  Partial<Pick<RuleTerms, 'destinations'>>;

export const reuters = { url: 'https://www.reuters.com/technology/', title: 'Reuters report', publisher: 'Reuters' };

const CN = { country: 'CN' };

const lastEvents: Record<RuleStatus, Rule['lastEvent']> = {
  proposed: 'RuleProposed',
  paused: 'RulePaused',
  approved: 'RuleApproved',
  rescinded: 'RuleRescinded',
};

export const ruleVersion = (
  ruleId: string,
  status: RuleStatus,
  terms: TermsInput,
  version: Partial<Pick<Rule, 'revision' | 'effectiveAt' | 'recordedAt'>> = {},
): Rule => {
  const effectiveAt = version.effectiveAt ?? '2025-12-08T00:00:00.000Z';
  // Rule ids of the history start with the jurisdiction that issued them.
  const jurisdiction = terms.jurisdiction ?? (ruleId.startsWith('cn-') ? 'CN' : 'US');
  return {
    status,
    ruleId,
    terms: RuleTerms.parse({
      title: ruleId,
      authority: jurisdiction === 'CN' ? 'PRC government' : 'US Department of Commerce (BIS)',
      instrument: 'regulation',
      sources: [reuters],
      // Most of the history is about exports from the US to China.
      jurisdiction,
      destinations: [CN],
      ...terms,
    }),
    revision: version.revision ?? (status === 'proposed' ? 0 : 1),
    proposedAt: effectiveAt,
    effectiveAt,
    recordedAt: version.recordedAt ?? effectiveAt,
    lastEvent: lastEvents[status],
  };
};

/** A rule of the history as it stood from the day it took effect, recorded then, with what it does. */
const inHistory = (
  ruleId: string,
  status: RuleStatus,
  effectiveOn: string,
  effect: RuleTerms['effect'],
  terms: Omit<TermsInput, 'effect'>,
): Rule => ruleVersion(ruleId, status, { ...terms, effect }, { effectiveAt: `${effectiveOn}T00:00:00.000Z` });

const nvidia = (product: string) => ({ vendor: 'NVIDIA', product });
const nvidiaFamily = (family: string) => ({ vendor: 'NVIDIA', family });
const to = (country: string, party: string) => ({ country, party });

/** The terms of the White House allowance of 8 December 2025. */
export const h200AllowanceConditions: RuleTerms['conditions'] = [
  { kind: 'approved-customers-only', description: 'approved customers only' },
  { kind: 'security-review', description: 'after a US security review' },
  { kind: 'revenue-share', description: '25 % of sales paid to the US government', value: 25, unit: '%' },
];

// In the order the history ran.
export const advancedChips2022 = inHistory('us-advanced-ai-chips-cn-2022', 'approved', '2022-10-07', 'licence-required', {
  title: 'Advanced AI chips (A100, H100, H800) barred from China',
  items: [nvidia('A100'), nvidia('H100'), nvidia('H800')],
});

export const h20RestrictionPaused = inHistory('us-h20-cn-restriction-2025', 'paused', '2025-04-10', 'licence-required', {
  title: 'Restriction on H20 exports to China',
  items: [nvidia('H20')],
});

export const h20ImportHalt = inHistory('cn-h20-import-halt-2025', 'approved', '2025-08-12', 'restrict-import', {
  title: 'China in effect halts imports of the NVIDIA H20',
  instrument: 'guidance',
  items: [nvidia('H20')],
});

export const blackwellToHumainAndG42 = inHistory('us-blackwell-humain-g42-2025', 'approved', '2025-11-24', 'allow', {
  title: 'Up to 70,000 Blackwell chips to Humain (Saudi Arabia) and G42 (UAE)',
  instrument: 'licence-decision',
  items: [nvidiaFamily('Blackwell')],
  destinations: [to('SA', 'Humain'), to('AE', 'G42')],
  conditions: [{ kind: 'volume-cap', description: 'up to 70,000 chips in total', value: 70000, unit: 'chips' }],
});

export const h200Allowed = ruleVersion(
  'us-h200-cn-2025',
  'approved',
  {
    title: 'H200 exports to China allowed for approved customers',
    authority: 'US White House',
    instrument: 'executive-decision',
    items: [nvidia('H200')],
    effect: 'allow',
    conditions: h200AllowanceConditions,
  },
  { revision: 2, recordedAt: '2025-12-08T12:00:00.000Z' },
);

export const blackwellRubinBan = ruleVersion('us-blackwell-rubin-cn-ban-2025', 'approved', {
  title: 'Blackwell and Rubin stay banned for China',
  authority: 'US White House',
  instrument: 'executive-decision',
  items: [nvidiaFamily('Blackwell'), nvidiaFamily('Rubin')],
  effect: 'deny',
});

export const safeChipsAct = inHistory('us-safe-chips-act', 'proposed', '2025-12-04', 'deny', {
  title: 'SAFE Chips Act',
  authority: 'US Congress',
  instrument: 'bill',
  items: [nvidia('H200'), nvidiaFamily('Blackwell')],
  destinations: [CN, { country: 'RU' }],
});

export const h200PurchaseDraft = inHistory('cn-h200-purchase-approval-draft-2025', 'proposed', '2025-12-10', 'restrict-import', {
  title: 'Draft: government approval before private firms buy H200s',
  instrument: 'draft-regulation',
  items: [nvidia('H200')],
});

/** The rules of the history as they stood on 2025-12-09, as recorded by then. */
export const rulesOnDecember9 = (): Rule[] => [
  advancedChips2022,
  h20RestrictionPaused,
  h20ImportHalt,
  blackwellToHumainAndG42,
  h200Allowed,
  blackwellRubinBan,
  safeChipsAct,
  h200PurchaseDraft,
];

/** A catalogue entry: `vendor`'s `product` put in `family` from `effectiveAt`, known from `recordedAt`. */
export const classified = (
  vendor: string,
  product: string,
  family: string,
  effectiveAt = '2020-01-01T00:00:00.000Z',
  recordedAt = '2025-12-01T00:00:00.000Z',
): ProductClassified => ({ type: 'ProductClassified', vendor, product, family, effectiveAt, recordedAt });

/** The seeded catalogue of the screening issue, all known since 2025-12-01. */
export const seededCatalogue = (): ProductClassified[] => [
  classified('NVIDIA', 'A100', 'Ampere'),
  ...['H20', 'H100', 'H800', 'H200'].map((product) => classified('NVIDIA', product, 'Hopper')),
  ...['B200', 'B300', 'GB200'].map((product) => classified('NVIDIA', product, 'Blackwell')),
  classified('AMD', 'MI308', 'Instinct'),
  classified('Huawei', 'Ascend 910C', 'Ascend'),
];

/** A screening line; product, family and party only where given. */
export const line = (fields: Partial<Omit<ScreeningLine, 'destination'>> & { country?: string; party?: string } = {}): ScreeningLine => {
  const { country = 'CN', party, lineId = '1', vendor = 'NVIDIA', ...item } = fields;
  return { lineId, vendor, ...item, destination: party === undefined ? { country } : { country, party } };
};

/** How an answer reports a rule in force: its version, effect and terms, as screening decided on it. */
export const inForce = ({ ruleId, revision, effectiveAt, recordedAt, terms }: Rule): RuleInForce => {
  const { effect, jurisdiction, authority, instrument, title, conditions, sources } = terms;
  return {
    ruleId,
    revision,
    status: 'approved',
    effect,
    jurisdiction,
    authority,
    instrument,
    title,
    effectiveAt,
    recordedAt,
    conditions,
    sources,
  };
};

/** How an answer reports a matching rule not in force (proposed or paused): it decides nothing. */
export const pendingOf = ({ ruleId, revision, status, effectiveAt, terms }: Rule): PendingRule => {
  const { effect, jurisdiction, title } = terms;
  return { ruleId, revision, status: status as PendingRule['status'], effect, jurisdiction, title, effectiveAt };
};

/** One jurisdiction's verdict and the rules that give it, written `[jurisdiction, verdict, ...ruleIds]`. */
export type JurisdictionRow = readonly [string, Verdict, ...string[]];

/** The answer to a line: its verdict, each jurisdiction's, the rules in force and those pending. */
export const answer = (
  verdict: Verdict,
  jurisdictions: JurisdictionRow[],
  rules: Rule[],
  pending: Rule[] = [],
  lineId = '1',
): LineAnswer => ({
  lineId,
  verdict,
  jurisdictions: jurisdictions.map(([jurisdiction, given, ...ruleIds]) => ({ jurisdiction, verdict: given, ruleIds })),
  rules: rules.map(inForce),
  pending: pending.map(pendingOf),
});

export const notCovered = (lineId = '1'): LineAnswer => ({ lineId, verdict: 'not-covered', jurisdictions: [], rules: [], pending: [] });
