import { fold, Rule } from '@policy/domain';
import { happened, proposed } from '@policy/testkit';
import { RuleStateCache } from './rule-state-cache';

/** The rule after its proposal and `steps` pauses and approvals. */
const ruleAt = (ruleId: string, steps: number): Rule =>
  fold([
    proposed(ruleId),
    ...Array.from({ length: steps }, (_, i) =>
      happened(i % 2 === 0 ? 'RulePaused' : 'RuleApproved', `2026-01-0${i + 1}T00:00:00.000Z`, ruleId),
    ),
  ]) as Rule;

describe('RuleStateCache', () => {
  describe('when full', () => {
    it('evicts the rule used longest ago, not the one just read', () => {
      const cache = new RuleStateCache(2);
      cache.set(ruleAt('a', 0));
      cache.set(ruleAt('b', 0));
      expect(cache.get('a')?.ruleId).toBe('a');
      cache.set(ruleAt('c', 0));
      expect(cache.size).toBe(2);
      expect(cache.get('b')).toBeUndefined();
      expect(cache.get('a')?.ruleId).toBe('a');
      expect(cache.get('c')?.ruleId).toBe('c');
    });
  });

  describe('when a slower writer finishes after a faster one', () => {
    it('keeps the later revision', () => {
      const cache = new RuleStateCache();
      cache.set(ruleAt('a', 2));
      cache.set(ruleAt('a', 1));
      expect(cache.get('a')?.revision).toBe(2);
      cache.set(ruleAt('a', 3));
      expect(cache.get('a')?.revision).toBe(3);
    });
  });

  describe('when an entry is dropped', () => {
    it('answers nothing for that rule', () => {
      const cache = new RuleStateCache();
      cache.set(ruleAt('a', 1));
      cache.delete('a');
      expect(cache.get('a')).toBeUndefined();
    });
  });
});
