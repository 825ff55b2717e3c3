import { ProposeRuleBody, RuleCommand } from '@policy/domain';
import { h200ReviewProposal, H200_RULE_ID } from '@policy/testkit';
import { OTHER_WRITER } from './api-harness';

export const RULE_ID = H200_RULE_ID;

/** A proposal as a client sends it: the H200-to-China review, the running example. */
export const proposalBody = (ruleId = RULE_ID, effectiveAt = '2025-11-24') => h200ReviewProposal(ruleId, effectiveAt);

const metadata = () => ({ recordedAt: new Date().toISOString(), actor: OTHER_WRITER });

/** Commands for another writer to record directly into the store (see `ApiHarness.record`). */
export const propose = (ruleId = RULE_ID, effectiveAt = '2025-11-24'): RuleCommand => {
  const { ruleId: _inTheCommand, ...body } = h200ReviewProposal(ruleId, effectiveAt);
  return { type: 'ProposeRule', ruleId, data: ProposeRuleBody.parse(body), metadata: metadata() };
};

export const transition = (type: 'PauseRule' | 'ApproveRule' | 'RescindRule', effectiveAt: string, ruleId = RULE_ID): RuleCommand => ({
  type,
  ruleId,
  data: { effectiveAt, sources: [] },
  metadata: metadata(),
});
