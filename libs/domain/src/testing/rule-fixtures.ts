import { CommandMetadata, ProposeRuleBody, RuleCommand, TransitionBody } from '../rule-commands';
import { RuleEvent } from '../rule-events';
import { RuleTerms } from '../rule-terms';

/** Terms of the H200-to-China decision, the running example of these specs. */
export const h200Terms = (): RuleTerms =>
  RuleTerms.parse({
    title: 'H200 exports to China allowed for approved customers',
    authority: 'US White House',
    jurisdiction: 'US',
    instrument: 'executive-decision',
    items: [{ vendor: 'NVIDIA', product: 'H200' }],
    destinations: [{ country: 'CN' }],
    effect: 'allow',
    conditions: [{ kind: 'revenue-share', description: '25 % of sales paid to the US government', value: 25, unit: '%' }],
    sources: [{ url: 'https://www.reuters.com/h200', title: 'Trump allows H200 sales to China' }],
  });

export const meta = (recordedAt = '2025-12-09T10:00:00.000Z', actor = 'key:admin'): CommandMetadata => ({ recordedAt, actor });

export const propose = (ruleId = 'us-h200-cn-2025', effectiveAt = '2025-12-08T00:00:00.000Z'): RuleCommand => {
  const { ruleId: _omitted, ...data } = ProposeRuleBody.parse({ ...h200Terms(), effectiveAt });
  return { type: 'ProposeRule', ruleId, data, metadata: meta() };
};

type TransitionType = 'PauseRule' | 'ApproveRule' | 'RescindRule';
export const transition = (
  type: TransitionType,
  effectiveAt: string,
  ruleId = 'us-h200-cn-2025',
  body: Partial<TransitionBody> = {},
): RuleCommand => ({
  type,
  ruleId,
  data: { effectiveAt, sources: [], ...body },
  metadata: meta(),
});

export const proposed = (ruleId = 'us-h200-cn-2025', effectiveAt = '2025-12-08T00:00:00.000Z'): RuleEvent => ({
  type: 'RuleProposed',
  ruleId,
  effectiveAt,
  recordedAt: '2025-12-08T12:00:00.000Z',
  data: { terms: h200Terms() },
});

export const happened = (
  type: 'RulePaused' | 'RuleApproved' | 'RuleRescinded',
  effectiveAt: string,
  ruleId = 'us-h200-cn-2025',
): RuleEvent => ({ type, ruleId, effectiveAt, recordedAt: effectiveAt, data: { sources: [] } });
