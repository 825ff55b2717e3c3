import type { RuleTerms } from '@policy/domain';

/** A rule version as the API answers it. */
export interface RuleView {
  ruleId: string;
  status: 'proposed' | 'approved' | 'paused' | 'rescinded';
  terms: RuleTerms;
  revision: number;
  proposedAt: string;
  effectiveAt: string;
  recordedAt: string;
  lastEvent: string;
}

/** An event envelope from the history or the live feed. */
export interface EventView {
  type: string;
  ruleId: string;
  effectiveAt: string;
  recordedAt: string;
  revision: number;
  position: number;
  actor: string;
  eventId: string;
  data: {
    reason?: string;
    sources?: { url: string; title: string; publisher?: string }[];
    terms?: RuleTerms;
    changes?: Partial<RuleTerms>;
  };
}
