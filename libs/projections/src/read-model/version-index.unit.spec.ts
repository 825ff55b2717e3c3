import { IndexedVersion, Posting, VersionIndex } from './version-index';

/** A posting's entries after `after`, as `<rule>@<revision>`. */
const entries = (posting: Posting, after?: string): string[] => {
  const found: string[] = [];
  posting.forEach(after, (rule, data, at) => found.push(`${rule.id}@${data[at]}`) > 0);
  return found;
};

const rulesAfter = (index: VersionIndex, after?: string): string[] => {
  const found: string[] = [];
  index.forEachRule(after, (rule) => found.push(rule.id) > 0);
  return found;
};

const version = (revision: number, validFrom: number, recordedAt: number, more: Partial<IndexedVersion> = {}): IndexedVersion => ({
  revision,
  validFrom,
  recordedAt,
  status: 0,
  lastEvent: 0,
  termsId: revision,
  sources: 0,
  tagsRevision: 1,
  ...more,
});

/** A rule with three versions: effective at 10, 20, 30 and recorded at 100, 200, 300. */
const withRule = (index = new VersionIndex(), ruleId = 'rule-b'): VersionIndex => {
  index.addRule(ruleId, 10, 100);
  index.addVersion(ruleId, version(1, 10, 100));
  index.addVersion(ruleId, version(2, 20, 200));
  index.addVersion(ruleId, version(3, 30, 300));
  return index;
};

const visibleRevision = (index: VersionIndex, ruleId: string, asOf: number, knownAt: number): number | undefined => {
  const rule = index.rule(ruleId)!;
  const at = index.visible(rule, asOf, knownAt);
  return at < 0 ? undefined : index.version(rule, at).revision;
};

describe('VersionIndex', () => {
  describe('given a rule with three versions', () => {
    it.each([
      [5, 1000, undefined],
      [10, 99, undefined],
      [10, 100, 1],
      [25, 1000, 2],
      [1000, 250, 2],
      [1000, 1000, 3],
      [15, 1000, 1],
    ])('at asOf %d as known at %d, shows revision %s (the earlier of the two clocks)', (asOf, knownAt, expected) => {
      expect(visibleRevision(withRule(), 'rule-b', asOf, knownAt)).toBe(expected);
    });

    it('keeps a version read back out of revision order in revision order', () => {
      const index = new VersionIndex();
      index.addRule('rule-a', 10, 100);
      index.addVersion('rule-a', version(2, 20, 200));
      index.addVersion('rule-a', version(1, 10, 100));
      expect(visibleRevision(index, 'rule-a', 15, 1000)).toBe(1);
      expect(visibleRevision(index, 'rule-a', 25, 1000)).toBe(2);
    });
  });

  describe('given rules whose versions arrive interleaved, as a log does', () => {
    it('keeps each rule\u2019s versions through the moves of its numbers and a compaction, and a rollback after it', () => {
      const index = new VersionIndex();
      const ids = Array.from({ length: 50 }, (_, n) => `rule-${n}`);
      for (const id of ids) index.addRule(id, 0, 0);
      for (let revision = 1; revision <= 40; revision++) {
        for (const id of ids)
          index.addVersion(id, version(revision, revision * 10, revision * 100, { termsId: revision * 1000 + ids.indexOf(id) }));
      }
      index.commit();
      index.compact();
      index.addVersion('rule-7', version(41, 410, 4100));
      index.rollback();
      for (const id of ids) {
        const rule = index.rule(id)!;
        expect(visibleRevision(index, id, 1000, 1e9)).toBe(40);
        expect(visibleRevision(index, id, 255, 1e9)).toBe(25);
        expect(index.version(rule, 24).termsId).toBe(25_000 + ids.indexOf(id));
      }
    });
  });

  describe('when rules and tags arrive out of id order', () => {
    it('keeps rules and each word\u2019s postings in (rule id, revision) order', () => {
      const index = new VersionIndex();
      for (const id of ['rule-c', 'rule-a', 'rule-b']) index.addRule(id, 0, 0);
      index.addTag('d', 'cn', 'rule-c', 1, 0, 0);
      index.addTag('d', 'cn', 'rule-a', 2, 0, 0);
      index.addTag('d', 'cn', 'rule-a', 1, 0, 0);
      index.addTag('d', 'cn', 'rule-b', 1, 0, 0);
      const posting = index.posting('d', 'cn')!;
      expect(entries(posting)).toEqual(['rule-a@1', 'rule-a@2', 'rule-b@1', 'rule-c@1']);
      expect(rulesAfter(index)).toEqual(['rule-a', 'rule-b', 'rule-c']);
      expect(rulesAfter(index, 'rule-a')).toEqual(['rule-b', 'rule-c']);
      expect(entries(posting, 'rule-a')).toEqual(['rule-b@1', 'rule-c@1']);
      expect(posting.has(index.rule('rule-a')!, 2)).toBe(true);
      expect(posting.has(index.rule('rule-b')!, 2)).toBe(false);
    });
  });

  describe('when rolled back', () => {
    it('takes back every rule, version and tag added since the last commit, and nothing before it', () => {
      const index = withRule();
      index.addTag('s', 'h200|cn', 'rule-b', 1, 10, 100);
      index.commit();
      index.addVersion('rule-b', version(4, 40, 400));
      withRule(index, 'rule-a');
      index.addTag('s', 'h200|cn', 'rule-a', 1, 10, 100);
      index.addTag('s', 'h20|cn', 'rule-a', 1, 10, 100);
      index.rollback();
      expect(index.rule('rule-a')).toBeUndefined();
      expect(index.rules).toBe(1);
      expect(visibleRevision(index, 'rule-b', 1000, 1000)).toBe(3);
      expect(entries(index.posting('s', 'h200|cn')!)).toEqual(['rule-b@1']);
      expect(index.posting('s', 'h20|cn')).toBeUndefined();
    });

    it('keeps what was loaded without a journal', () => {
      const index = new VersionIndex();
      index.loading(() => withRule(index));
      index.rollback();
      expect(visibleRevision(index, 'rule-b', 1000, 1000)).toBe(3);
    });
  });
});
