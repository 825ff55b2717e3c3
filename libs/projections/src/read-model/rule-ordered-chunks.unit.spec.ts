import { seededRandom } from '@policy/testkit';
import { RuleOrderedChunks } from './rule-ordered-chunks';

type Rule = { id: string };

describe('RuleOrderedChunks', () => {
  describe('given thousands of inserts and removals in random order', () => {
    it('holds exactly what a sorted array would, in (rule id, revision) order, across chunk splits', () => {
      const random = seededRandom(7);
      const rules = Array.from({ length: 900 }, (_, n) => ({ id: `rule-${Math.floor(random() * 1e9).toString(36)}-${n}` }));
      const chunks = new RuleOrderedChunks<Rule>(2);
      let model: { rule: Rule; revision: number; extra: number }[] = [];
      const key = (e: { rule: Rule; revision: number }) => `${e.rule.id}\u0000${String(e.revision).padStart(6, '0')}`;
      for (let step = 0; step < 6000; step++) {
        if (model.length > 0 && random() < 0.25) {
          const gone = model[Math.floor(random() * model.length)];
          chunks.remove(gone.rule, gone.revision);
          model = model.filter((entry) => entry !== gone);
        } else {
          const rule = rules[Math.floor(random() * rules.length)];
          const revision = 1 + Math.floor(random() * 50);
          if (model.some((entry) => entry.rule === rule && entry.revision === revision)) continue;
          chunks.insert(rule, [revision, step]);
          model.push({ rule, revision, extra: step });
        }
      }
      model.sort((a, b) => (key(a) < key(b) ? -1 : 1));
      const seen: string[] = [];
      chunks.forEach(undefined, (rule, data, at) => seen.push(`${rule.id}@${data[at]}#${data[at + 1]}`) > 0);
      expect(seen).toEqual(model.map((e) => `${e.rule.id}@${e.revision}#${e.extra}`));
      expect(chunks.size).toBe(model.length);
      expect(model.length).toBeGreaterThan(2048);

      const pivot = model[Math.floor(model.length / 2)].rule.id;
      const after: string[] = [];
      chunks.forEach(pivot, (rule) => after.push(rule.id) > 0);
      expect(after).toEqual(model.filter((e) => e.rule.id > pivot).map((e) => e.rule.id));
      for (const entry of model.slice(0, 50)) expect(chunks.has(entry.rule, entry.revision)).toBe(true);
      expect(chunks.has(model[0].rule, 999)).toBe(false);
    });
  });

  describe('when a visit returns false', () => {
    it('stops there', () => {
      const chunks = new RuleOrderedChunks<Rule>(0);
      for (const id of ['c', 'a', 'b', 'd']) chunks.insert({ id }, []);
      const seen: string[] = [];
      chunks.forEach(undefined, (rule) => seen.push(rule.id) < 2);
      expect(seen).toEqual(['a', 'b']);
    });
  });
});
