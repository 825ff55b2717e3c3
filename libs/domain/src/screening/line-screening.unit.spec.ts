import { familyLookup, FamilyLookup } from '../catalogue/catalogue.queries';
import { Rule } from '../rule.decider';
import { LineAnswer, PendingRule, RuleInForce } from './evaluation-answer';
import { ScreeningLine } from './evaluation-request';
import { answerQuestion, screenLine } from './line-screening';
import {
  advancedChips2022,
  blackwellRubinBan,
  blackwellToHumainAndG42,
  h200Allowed,
  h200PurchaseDraft,
  h20ImportHalt,
  h20RestrictionPaused,
  line,
  reuters,
  rulesOnDecember9,
  ruleVersion,
  safeChipsAct,
  seededCatalogue,
} from './testing/screening-fixtures';

const DEC_9 = { at: '2025-12-09T00:00:00.000Z', knownAt: '9999-12-31T23:59:59.999Z' };
const catalogue: FamilyLookup = familyLookup(seededCatalogue(), DEC_9);
const noCatalogue: FamilyLookup = () => undefined;

/** given these rule versions (and a catalogue), when a line is screened, then this answer. */
const given = (rules: Rule[], families: FamilyLookup = catalogue) => ({
  when: (asked: ScreeningLine) => ({ then: (expected: LineAnswer) => expect(screenLine(asked, rules, families)).toEqual(expected) }),
});

const decided = (rule: Rule): RuleInForce => ({
  ruleId: rule.ruleId,
  revision: rule.revision,
  status: 'approved',
  effect: rule.terms.effect,
  jurisdiction: rule.terms.jurisdiction,
  authority: rule.terms.authority,
  instrument: rule.terms.instrument,
  title: rule.terms.title,
  effectiveAt: rule.effectiveAt,
  recordedAt: rule.recordedAt,
  conditions: rule.terms.conditions,
  sources: rule.terms.sources,
});

const pendingOf = (rule: Rule): PendingRule => ({
  ruleId: rule.ruleId,
  revision: rule.revision,
  status: rule.status as PendingRule['status'],
  effect: rule.terms.effect,
  jurisdiction: rule.terms.jurisdiction,
  title: rule.terms.title,
  effectiveAt: rule.effectiveAt,
});

const notCovered = (lineId = '1'): LineAnswer => ({ lineId, verdict: 'not-covered', jurisdictions: [], rules: [], pending: [] });

/** A one-item, one-country rule in force, for the effect and precedence cases. */
const simple = (ruleId: string, effect: Rule['terms']['effect'], extra: Partial<Rule['terms']> = {}): Rule =>
  ruleVersion(ruleId, 'approved', {
    jurisdiction: 'US',
    items: [{ vendor: 'NVIDIA', product: 'H200' }],
    destinations: [{ country: 'CN' }],
    effect,
    ...extra,
  });

const volumeCap = [{ kind: 'volume-cap' as const, description: 'up to 70,000 chips in total', value: 70000, unit: 'chips' }];

describe('Screening', () => {
  describe('when one rule in force applies', () => {
    it.each([
      ['deny', [], 'denied'],
      ['licence-required', [], 'licence-required'],
      ['restrict-import', [], 'import-restricted'],
      ['allow', volumeCap, 'allowed-with-conditions'],
      ['allow', [], 'allowed'],
    ] as const)('maps the effect %s (with %j) to %s', (effect, conditions, verdict) => {
      const rule = simple('us-rule', effect, { conditions: [...conditions] });
      given([rule])
        .when(line({ product: 'H200' }))
        .then({
          lineId: '1',
          verdict,
          jurisdictions: [{ jurisdiction: 'US', verdict, ruleIds: ['us-rule'] }],
          rules: [decided(rule)],
          pending: [],
        });
    });

    it('reports the rule version in full: H200 to China on 2025-12-09 is allowed with the 25 % revenue share', () => {
      given([h200Allowed])
        .when(line({ product: 'H200' }))
        .then({
          lineId: '1',
          verdict: 'allowed-with-conditions',
          jurisdictions: [{ jurisdiction: 'US', verdict: 'allowed-with-conditions', ruleIds: ['us-h200-cn-2025'] }],
          rules: [
            {
              ruleId: 'us-h200-cn-2025',
              revision: 2,
              status: 'approved',
              effect: 'allow',
              jurisdiction: 'US',
              authority: 'US White House',
              instrument: 'executive-decision',
              title: 'H200 exports to China allowed for approved customers',
              effectiveAt: '2025-12-08T00:00:00.000Z',
              recordedAt: '2025-12-08T12:00:00.000Z',
              conditions: [
                { kind: 'approved-customers-only', description: 'approved customers only' },
                { kind: 'security-review', description: 'after a US security review' },
                { kind: 'revenue-share', description: '25 % of sales paid to the US government', value: 25, unit: '%' },
              ],
              sources: [reuters],
            },
          ],
          pending: [],
        });
    });
  });

  describe('when nothing applies', () => {
    it('is not covered', () =>
      given(rulesOnDecember9())
        .when(line({ product: 'MI308' }))
        .then(notCovered()));
    it('is not covered by a rule for another country', () =>
      given([h200Allowed])
        .when(line({ product: 'H200', country: 'RU' }))
        .then(notCovered()));
    it('is not covered by a rule for another vendor with the same product name', () =>
      given([h200Allowed])
        .when(line({ vendor: 'AMD', product: 'H200' }))
        .then(notCovered()));
    it('ignores a rescinded rule', () =>
      given([
        ruleVersion('us-rescinded', 'rescinded', {
          jurisdiction: 'US',
          items: [{ vendor: 'NVIDIA', product: 'H200' }],
          destinations: [{ country: 'CN' }],
          effect: 'deny',
        }),
      ])
        .when(line({ product: 'H200' }))
        .then(notCovered()));
  });

  describe('when a destination names a party', () => {
    it('allows Blackwell to Humain (SA) on 2025-12-01 under the volume cap', () =>
      given(rulesOnDecember9())
        .when(line({ family: 'Blackwell', country: 'SA', party: 'Humain' }))
        .then({
          lineId: '1',
          verdict: 'allowed-with-conditions',
          jurisdictions: [{ jurisdiction: 'US', verdict: 'allowed-with-conditions', ruleIds: ['us-blackwell-humain-g42-2025'] }],
          rules: [decided(blackwellToHumainAndG42)],
          pending: [],
        }));
    it('does not cover another Saudi party', () =>
      given(rulesOnDecember9())
        .when(line({ family: 'Blackwell', country: 'SA', party: 'Aramco Digital' }))
        .then(notCovered()));
    it('does not cover a line to Saudi Arabia that names no party', () =>
      given(rulesOnDecember9())
        .when(line({ family: 'Blackwell', country: 'SA' }))
        .then(notCovered()));
    it('does not cover Humain in another country', () =>
      given(rulesOnDecember9())
        .when(line({ family: 'Blackwell', country: 'AE', party: 'Humain' }))
        .then(notCovered()));
    it('covers every party when the destination names none', () =>
      given([h20ImportHalt])
        .when(line({ product: 'H20', party: 'ByteDance' }))
        .then({
          lineId: '1',
          verdict: 'import-restricted',
          jurisdictions: [{ jurisdiction: 'CN', verdict: 'import-restricted', ruleIds: ['cn-h20-import-halt-2025'] }],
          rules: [decided(h20ImportHalt)],
          pending: [],
        }));
  });

  describe('when the family comes from the catalogue', () => {
    const b200Denied: LineAnswer = {
      lineId: '1',
      verdict: 'denied',
      jurisdictions: [{ jurisdiction: 'US', verdict: 'denied', ruleIds: ['us-blackwell-rubin-cn-ban-2025'] }],
      rules: [decided(blackwellRubinBan)],
      pending: [pendingOf(safeChipsAct)],
    };
    it('denies a B200 (Blackwell) to China on 2025-12-09, with the SAFE Chips Act pending', () =>
      given(rulesOnDecember9())
        .when(line({ product: 'B200' }))
        .then(b200Denied));
    it('does not know the family of a product the catalogue lacks', () =>
      given(rulesOnDecember9(), noCatalogue)
        .when(line({ product: 'B200' }))
        .then(notCovered()));
    it('still applies the catalogue family when the line names another one', () =>
      given(rulesOnDecember9())
        .when(line({ product: 'B200', family: 'Hopper' }))
        .then(b200Denied));
    it('uses the family the line names when the catalogue has none', () =>
      given(rulesOnDecember9(), noCatalogue)
        .when(line({ product: 'B200', family: 'Blackwell' }))
        .then(b200Denied));
  });

  describe('when matching rules are not in force', () => {
    it('lists the SAFE Chips Act and China draft as pending beside the H200 allowance, deciding nothing', () =>
      given(rulesOnDecember9())
        .when(line({ product: 'H200' }))
        .then({
          lineId: '1',
          verdict: 'allowed-with-conditions',
          jurisdictions: [{ jurisdiction: 'US', verdict: 'allowed-with-conditions', ruleIds: ['us-h200-cn-2025'] }],
          rules: [decided(h200Allowed)],
          pending: [pendingOf(h200PurchaseDraft), pendingOf(safeChipsAct)],
        }));
    it("gives the H20 China's import restriction, the paused US restriction pending", () =>
      given([h20RestrictionPaused, h20ImportHalt])
        .when(line({ product: 'H20' }))
        .then({
          lineId: '1',
          verdict: 'import-restricted',
          jurisdictions: [{ jurisdiction: 'CN', verdict: 'import-restricted', ruleIds: ['cn-h20-import-halt-2025'] }],
          rules: [decided(h20ImportHalt)],
          pending: [pendingOf(h20RestrictionPaused)],
        }));
    it('is not covered when only a proposed bill matches', () =>
      given([safeChipsAct])
        .when(line({ product: 'H200', country: 'RU' }))
        .then({ ...notCovered(), pending: [pendingOf(safeChipsAct)] }));
  });

  describe('when several rules in force apply', () => {
    const deny = simple('us-b-deny', 'deny');
    const licence = simple('us-c-licence', 'licence-required');
    const allow = simple('us-a-allow', 'allow');
    const allowCapped = simple('us-d-allow-capped', 'allow', { conditions: volumeCap });
    const cnImport = simple('cn-import', 'restrict-import', { jurisdiction: 'CN' });

    it('lets the most restrictive win within a jurisdiction, listing every rule that applies', () =>
      given([allow, licence, allowCapped])
        .when(line({ product: 'H200' }))
        .then({
          lineId: '1',
          verdict: 'licence-required',
          jurisdictions: [{ jurisdiction: 'US', verdict: 'licence-required', ruleIds: ['us-c-licence'] }],
          rules: [decided(allow), decided(licence), decided(allowCapped)],
          pending: [],
        }));
    it('names every rule that gives the winning verdict', () =>
      given([licence, deny, simple('us-e-deny', 'deny')])
        .when(line({ product: 'H200' }))
        .then({
          lineId: '1',
          verdict: 'denied',
          jurisdictions: [{ jurisdiction: 'US', verdict: 'denied', ruleIds: ['us-b-deny', 'us-e-deny'] }],
          rules: [decided(deny), decided(licence), decided(simple('us-e-deny', 'deny'))],
          pending: [],
        }));
    it('prefers conditions to a plain allowance', () =>
      given([allow, allowCapped])
        .when(line({ product: 'H200' }))
        .then({
          lineId: '1',
          verdict: 'allowed-with-conditions',
          jurisdictions: [{ jurisdiction: 'US', verdict: 'allowed-with-conditions', ruleIds: ['us-d-allow-capped'] }],
          rules: [decided(allow), decided(allowCapped)],
          pending: [],
        }));
    it('gives the line the most restrictive of its jurisdictions, jurisdictions sorted', () =>
      given([allowCapped, cnImport])
        .when(line({ product: 'H200' }))
        .then({
          lineId: '1',
          verdict: 'import-restricted',
          jurisdictions: [
            { jurisdiction: 'CN', verdict: 'import-restricted', ruleIds: ['cn-import'] },
            { jurisdiction: 'US', verdict: 'allowed-with-conditions', ruleIds: ['us-d-allow-capped'] },
          ],
          rules: [decided(cnImport), decided(allowCapped)],
          pending: [],
        }));
    it('lets a US licence requirement outrank a Chinese import restriction', () =>
      given([cnImport, licence])
        .when(line({ product: 'H200' }))
        .then({
          lineId: '1',
          verdict: 'licence-required',
          jurisdictions: [
            { jurisdiction: 'CN', verdict: 'import-restricted', ruleIds: ['cn-import'] },
            { jurisdiction: 'US', verdict: 'licence-required', ruleIds: ['us-c-licence'] },
          ],
          rules: [decided(cnImport), decided(licence)],
          pending: [],
        }));
  });

  describe('when names differ only in case', () => {
    it('matches vendor, product and party case-insensitively', () =>
      given(rulesOnDecember9())
        .when(line({ vendor: 'nvidia', family: 'BLACKWELL', country: 'SA', party: 'humain' }))
        .then({
          lineId: '1',
          verdict: 'allowed-with-conditions',
          jurisdictions: [{ jurisdiction: 'US', verdict: 'allowed-with-conditions', ruleIds: ['us-blackwell-humain-g42-2025'] }],
          rules: [decided(blackwellToHumainAndG42)],
          pending: [],
        }));
    it('finds the catalogue family of a product written in lower case', () =>
      given([advancedChips2022, blackwellRubinBan])
        .when(line({ vendor: 'Nvidia', product: 'b200' }))
        .then({
          lineId: '1',
          verdict: 'denied',
          jurisdictions: [{ jurisdiction: 'US', verdict: 'denied', ruleIds: ['us-blackwell-rubin-cn-ban-2025'] }],
          rules: [decided(blackwellRubinBan)],
          pending: [],
        }));
  });

  describe('when a question has several lines', () => {
    it('answers each in the order asked, with its line id and the question’s clocks and position', () => {
      const lines = [line({ lineId: 'b200', product: 'B200' }), line({ lineId: 'mi308', vendor: 'AMD', product: 'MI308' })];
      expect(answerQuestion({ ...DEC_9, lines }, () => rulesOnDecember9(), catalogue, 42)).toEqual({
        ...DEC_9,
        position: 42,
        lines: [
          {
            lineId: 'b200',
            verdict: 'denied',
            jurisdictions: [{ jurisdiction: 'US', verdict: 'denied', ruleIds: ['us-blackwell-rubin-cn-ban-2025'] }],
            rules: [decided(blackwellRubinBan)],
            pending: [pendingOf(safeChipsAct)],
          },
          notCovered('mi308'),
        ],
      });
    });
  });
});
