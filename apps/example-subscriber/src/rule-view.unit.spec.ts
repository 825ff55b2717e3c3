import { fold, Rule } from '@policy/domain';
import { envelopeAt } from '../../../libs/messaging/src/testing/rule-events';
import { RuleView } from './rule-view';

describe('RuleView', () => {
  const events = Array.from({ length: 6 }, (_, revision) => envelopeAt('us-h200-cn-2025', revision));

  it('folds each rule’s events with the domain’s evolve', () => {
    const view = new RuleView();
    expect(events.map((event) => view.apply(event))).toEqual(Array(6).fill('applied'));
    expect(view.get('us-h200-cn-2025')).toEqual(fold(events));
  });

  it('ignores a revision it already holds', () => {
    const view = new RuleView();
    view.apply(events[0]);
    view.apply(events[1]);
    expect(view.apply(events[1])).toBe('duplicate');
    expect(view.get('us-h200-cn-2025')?.revision).toBe(1);
  });

  it('refuses to fold past a missing revision', () => {
    const view = new RuleView();
    view.apply(events[0]);
    expect(view.apply(events[2])).toBe('gap');
    expect(view.get('us-h200-cn-2025')?.revision).toBe(0);
  });

  it('continues from a seeded state as if it had folded the events before it', () => {
    const view = new RuleView();
    view.seed(fold(events.slice(0, 4)) as Rule);
    expect(view.apply(events[3])).toBe('duplicate');
    expect(view.apply(events[4])).toBe('applied');
    expect(view.apply(events[5])).toBe('applied');
    expect(view.get('us-h200-cn-2025')).toEqual(fold(events));
  });

  it('lists rules by id, optionally by status', () => {
    const view = new RuleView();
    view.apply(envelopeAt('b-rule', 0));
    view.apply(envelopeAt('a-rule', 0));
    view.apply(envelopeAt('a-rule', 1));
    expect(view.list().map((rule) => rule.ruleId)).toEqual(['a-rule', 'b-rule']);
    expect(view.list({ status: 'approved' }).map((rule) => rule.ruleId)).toEqual(['a-rule']);
  });
});
