import { ProductClassified } from '../../catalogue/catalogue-events';
import { Rule, RuleStatus } from '../../rule.decider';
import { RuleTerms } from '../../rule-terms';
import { ScreeningLine } from '../evaluation-request';

/**
 * Rule versions and catalogue entries from the real history of docs/domain.md, as the read model
 * would hand them to screening. Each rule is given as it stood at the point a spec asks about.
 */
type TermsInput = Omit<Partial<RuleTerms>, 'items' | 'destinations'> &
  Pick<RuleTerms, 'items' | 'destinations' | 'effect' | 'jurisdiction'>;

export const reuters = { url: 'https://www.reuters.com/technology/', title: 'Reuters report', publisher: 'Reuters' };

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
  return {
    status,
    ruleId,
    terms: RuleTerms.parse({
      title: ruleId,
      authority: terms.jurisdiction === 'CN' ? 'PRC government' : 'US Department of Commerce (BIS)',
      instrument: 'regulation',
      sources: [reuters],
      ...terms,
    }),
    revision: version.revision ?? (status === 'proposed' ? 0 : 1),
    proposedAt: effectiveAt,
    effectiveAt,
    recordedAt: version.recordedAt ?? effectiveAt,
    lastEvent: lastEvents[status],
  };
};

const nvidia = (product: string) => ({ vendor: 'NVIDIA', product });
const CN = { country: 'CN' };

export const blackwellRubinBan = ruleVersion('us-blackwell-rubin-cn-ban-2025', 'approved', {
  title: 'Blackwell and Rubin stay banned for China',
  authority: 'US White House',
  instrument: 'executive-decision',
  jurisdiction: 'US',
  items: [
    { vendor: 'NVIDIA', family: 'Blackwell' },
    { vendor: 'NVIDIA', family: 'Rubin' },
  ],
  destinations: [CN],
  effect: 'deny',
});

export const h200Allowed = ruleVersion(
  'us-h200-cn-2025',
  'approved',
  {
    title: 'H200 exports to China allowed for approved customers',
    authority: 'US White House',
    instrument: 'executive-decision',
    jurisdiction: 'US',
    items: [nvidia('H200')],
    destinations: [CN],
    effect: 'allow',
    conditions: [
      { kind: 'approved-customers-only', description: 'approved customers only' },
      { kind: 'security-review', description: 'after a US security review' },
      { kind: 'revenue-share', description: '25 % of sales paid to the US government', value: 25, unit: '%' },
    ],
  },
  { revision: 2, recordedAt: '2025-12-08T12:00:00.000Z' },
);

export const safeChipsAct = ruleVersion(
  'us-safe-chips-act',
  'proposed',
  {
    title: 'SAFE Chips Act',
    authority: 'US Congress',
    instrument: 'bill',
    jurisdiction: 'US',
    items: [nvidia('H200'), { vendor: 'NVIDIA', family: 'Blackwell' }],
    destinations: [CN, { country: 'RU' }],
    effect: 'deny',
  },
  { effectiveAt: '2025-12-04T00:00:00.000Z' },
);

export const h200PurchaseDraft = ruleVersion(
  'cn-h200-purchase-approval-draft-2025',
  'proposed',
  {
    title: 'Draft: government approval before private firms buy H200s',
    instrument: 'draft-regulation',
    jurisdiction: 'CN',
    items: [nvidia('H200')],
    destinations: [CN],
    effect: 'restrict-import',
  },
  { effectiveAt: '2025-12-10T00:00:00.000Z' },
);

export const h20RestrictionPaused = ruleVersion(
  'us-h20-cn-restriction-2025',
  'paused',
  {
    title: 'Restriction on H20 exports to China',
    jurisdiction: 'US',
    items: [nvidia('H20')],
    destinations: [CN],
    effect: 'licence-required',
  },
  { effectiveAt: '2025-04-10T00:00:00.000Z' },
);

export const h20ImportHalt = ruleVersion(
  'cn-h20-import-halt-2025',
  'approved',
  {
    title: 'China in effect halts imports of the NVIDIA H20',
    instrument: 'guidance',
    jurisdiction: 'CN',
    items: [nvidia('H20')],
    destinations: [CN],
    effect: 'restrict-import',
  },
  { effectiveAt: '2025-08-12T00:00:00.000Z' },
);

export const blackwellToHumainAndG42 = ruleVersion(
  'us-blackwell-humain-g42-2025',
  'approved',
  {
    title: 'Up to 70,000 Blackwell chips to Humain (Saudi Arabia) and G42 (UAE)',
    instrument: 'licence-decision',
    jurisdiction: 'US',
    items: [{ vendor: 'NVIDIA', family: 'Blackwell' }],
    destinations: [
      { country: 'SA', party: 'Humain' },
      { country: 'AE', party: 'G42' },
    ],
    effect: 'allow',
    conditions: [{ kind: 'volume-cap', description: 'up to 70,000 chips in total', value: 70000, unit: 'chips' }],
  },
  { effectiveAt: '2025-11-24T00:00:00.000Z' },
);

export const advancedChips2022 = ruleVersion(
  'us-advanced-ai-chips-cn-2022',
  'approved',
  {
    title: 'Advanced AI chips (A100, H100, H800) barred from China',
    jurisdiction: 'US',
    items: [nvidia('A100'), nvidia('H100'), nvidia('H800')],
    destinations: [CN],
    effect: 'licence-required',
  },
  { effectiveAt: '2022-10-07T00:00:00.000Z' },
);

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

export const classified = (
  vendor: string,
  product: string,
  family: string,
  effectiveAt = '2020-01-01T00:00:00.000Z',
  recordedAt = '2025-12-01T00:00:00.000Z',
): ProductClassified => ({
  type: 'ProductClassified',
  vendor,
  product,
  family,
  effectiveAt,
  recordedAt,
});

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
