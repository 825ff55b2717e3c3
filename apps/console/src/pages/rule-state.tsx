import { formatInstant } from '../time';
import { RuleView } from './rule-types';

/** The terms of one rule version, as a definition list. */
export const RuleState = ({ rule }: { rule: RuleView }) => (
  <dl class="state" data-testid="rule-state">
    <dt>Status</dt>
    <dd>
      <span class={`badge ${rule.status}`}>{rule.status}</span> (revision {rule.revision}, after {rule.lastEvent})
    </dd>
    <dt>Title</dt>
    <dd>{rule.terms.title}</dd>
    <dt>Authority</dt>
    <dd>
      {rule.terms.authority} ({rule.terms.jurisdiction}, {rule.terms.instrument})
    </dd>
    <dt>Effect</dt>
    <dd>{rule.terms.effect}</dd>
    <dt>Items</dt>
    <dd>{rule.terms.items.map((item) => `${item.vendor} ${item.product ?? item.family}`).join(', ')}</dd>
    <dt>Destinations</dt>
    <dd>{rule.terms.destinations.map((d) => (d.party ? `${d.party} (${d.country})` : d.country)).join(', ')}</dd>
    <dt>Conditions</dt>
    <dd>{rule.terms.conditions.length === 0 ? 'none' : rule.terms.conditions.map((c) => c.description).join('; ')}</dd>
    <dt>Effective</dt>
    <dd>{formatInstant(rule.effectiveAt)}</dd>
    <dt>Recorded</dt>
    <dd>{formatInstant(rule.recordedAt)}</dd>
  </dl>
);
