import { ProposeRuleBody, RuleCommand } from '@policy/domain';
import { OTHER_WRITER } from './api-harness';

export const RULE_ID = 'us-h200-cn-2025';

/** A proposal as a client sends it: the H200-to-China review, the running example. */
export const proposalBody = (ruleId = RULE_ID, effectiveAt = '2025-11-24') => ({ ruleId, ...terms(effectiveAt) });

const terms = (effectiveAt: string) => ({
  title: 'H200 exports to China under review',
  authority: 'US Department of Commerce (BIS)',
  jurisdiction: 'US',
  instrument: 'licence-decision',
  items: [{ vendor: 'NVIDIA', product: 'H200' }],
  destinations: [{ country: 'CN' }],
  effect: 'licence-required',
  sources: [{ url: 'https://www.reuters.com/technology/', title: 'US reviewing H200 sales to China' }],
  effectiveAt,
});

const metadata = () => ({ recordedAt: new Date().toISOString(), actor: OTHER_WRITER });

/** Commands for another writer to record directly into the store (see `ApiHarness.record`). */
export const propose = (ruleId = RULE_ID, effectiveAt = '2025-11-24'): RuleCommand => {
  return { type: 'ProposeRule', ruleId, data: ProposeRuleBody.parse(terms(effectiveAt)), metadata: metadata() };
};

export const transition = (type: 'PauseRule' | 'ApproveRule' | 'RescindRule', effectiveAt: string, ruleId = RULE_ID): RuleCommand => ({
  type,
  ruleId,
  data: { effectiveAt, sources: [] },
  metadata: metadata(),
});
