import { CommandMetadata, ProposeRuleBody, RuleCommand, RuleEvent, RuleTerms, TransitionBody } from '@policy/domain';

/**
 * The running example of specs and bench alike: the US decision on exporting NVIDIA's H200 to
 * China, late 2025. In November Commerce (BIS) reviewed licences for it ("the review"); on
 * 8 December the White House allowed it to approved customers against a 25 % revenue share
 * ("the allowance"). Written here once; everything else spreads and overrides these.
 */
export const H200_RULE_ID = 'us-h200-cn-2025';

/** The report of the allowance. */
export const H200_ALLOWANCE_SOURCE = {
  url: 'https://www.reuters.com/h200',
  title: 'Trump allows H200 sales to China',
  publisher: 'Reuters',
};

/** What the review and the allowance are both about: US exports of the H200 to China. */
const H200_TO_CHINA = {
  jurisdiction: 'US',
  items: [{ vendor: 'NVIDIA', product: 'H200' }],
  destinations: [{ country: 'CN' }],
};

/** The White House allowance of 8 December 2025, as terms (no rule id, no clocks). */
const H200_ALLOWANCE = {
  title: 'H200 exports to China allowed for approved customers',
  authority: 'US White House',
  instrument: 'executive-decision',
  ...H200_TO_CHINA,
  effect: 'allow',
  conditions: [
    { kind: 'revenue-share', description: '25 % of sales paid to the US government', value: 25, unit: '%' },
    { kind: 'security-review', description: 'after a US security review' },
    { kind: 'approved-customers-only', description: 'to approved customers only' },
  ],
  // TPP (total processing performance) is the export-control measure of a chip's compute.
  metrics: [{ name: 'TPP', subject: 'NVIDIA H200', value: 15840 }],
  sources: [H200_ALLOWANCE_SOURCE],
};

/** The report that Commerce was reviewing H200 licences, the review's source. */
export const H200_REVIEW_SOURCE = { url: 'https://www.reuters.com/technology/', title: 'US reviewing H200 sales to China' };

/** The allowance as validated terms, with the parts a spec needs different replaced. */
export const h200Terms = (overrides: Partial<RuleTerms> = {}): RuleTerms => RuleTerms.parse({ ...H200_ALLOWANCE, ...overrides });

/** The allowance as the body of `POST /rules`. */
export const h200AllowanceProposal = (ruleId: string, effectiveAt: string) => ({
  ruleId,
  ...H200_ALLOWANCE,
  effectiveAt,
  reason: 'announced by the President',
});

/** The Commerce review as the body of `POST /rules`: a licence requirement, no conditions. */
export const h200ReviewProposal = (ruleId = H200_RULE_ID, effectiveAt = '2025-11-24') => ({
  ruleId,
  title: 'H200 exports to China under review',
  authority: 'US Department of Commerce (BIS)',
  instrument: 'licence-decision',
  ...H200_TO_CHINA,
  effect: 'licence-required',
  sources: [H200_REVIEW_SOURCE],
  effectiveAt,
});

/** A second, unrelated rule: Commerce licensing Blackwell exports to Humain (Saudi Arabia), capped. */
export const blackwellTerms = (ruleId: string): RuleTerms =>
  RuleTerms.parse({
    title: `Rule ${ruleId}`,
    authority: 'US Department of Commerce (BIS)',
    jurisdiction: 'US',
    instrument: 'licence-decision',
    items: [{ vendor: 'NVIDIA', family: 'Blackwell' }],
    destinations: [{ country: 'SA', party: 'Humain' }],
    effect: 'licence-required',
    conditions: [{ kind: 'volume-cap', description: 'up to 70,000 chips', value: 70_000, unit: 'chips' }],
    sources: [{ url: `https://example.org/${ruleId}`, title: 'Commerce approves Blackwell exports' }],
  });

export const meta = (recordedAt = '2025-12-09T10:00:00.000Z', actor = 'key:admin'): CommandMetadata => ({ recordedAt, actor });

/** The command proposing the allowance. */
export const propose = (ruleId = H200_RULE_ID, effectiveAt = '2025-12-08T00:00:00.000Z'): RuleCommand => {
  const { ruleId: _omitted, ...data } = ProposeRuleBody.parse({ ...h200Terms(), effectiveAt });
  return { type: 'ProposeRule', ruleId, data, metadata: meta() };
};

type TransitionType = 'PauseRule' | 'ApproveRule' | 'RescindRule';
export const transition = (
  type: TransitionType,
  effectiveAt: string,
  ruleId = H200_RULE_ID,
  body: Partial<TransitionBody> = {},
): RuleCommand => ({
  type,
  ruleId,
  data: { effectiveAt, sources: [], ...body },
  metadata: meta(),
});

/** The event of the allowance's proposal. */
export const proposed = (ruleId = H200_RULE_ID, effectiveAt = '2025-12-08T00:00:00.000Z'): RuleEvent => ({
  type: 'RuleProposed',
  ruleId,
  effectiveAt,
  recordedAt: '2025-12-08T12:00:00.000Z',
  data: { terms: h200Terms() },
});

/** A status change recorded the moment it takes effect, citing nothing new. */
export const happened = (type: 'RulePaused' | 'RuleApproved' | 'RuleRescinded', effectiveAt: string, ruleId = H200_RULE_ID): RuleEvent => ({
  type,
  ruleId,
  effectiveAt,
  recordedAt: effectiveAt,
  data: { sources: [] },
});
