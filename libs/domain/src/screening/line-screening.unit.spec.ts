import { familyLookup, FamilyLookup } from '../catalogue/catalogue.queries';
import { Rule } from '../rule.decider';
import { LineAnswer } from './evaluation-answer';
import { ScreeningLine } from './evaluation-request';
import { answerQuestion, screenLine } from './line-screening';
import {
  advancedChips2022,
  answer,
  blackwellRubinBan,
  blackwellToHumainAndG42,
  h200Allowed,
  h200AllowanceConditions,
  h200PurchaseDraft,
  h20ImportHalt,
  h20RestrictionPaused,
  JurisdictionRow,
  line,
  notCovered,
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

/** A one-item, one-country rule in force, for the effect and precedence cases. */
const simple = (ruleId: string, effect: Rule['terms']['effect'], extra: Partial<Rule['terms']> = {}): Rule =>
  ruleVersion(ruleId, 'approved', { items: [{ vendor: 'NVIDIA', product: 'H200' }], effect, ...extra });

const volumeCap = [{ kind: 'volume-cap' as const, description: 'up to 70,000 chips in total', value: 70000, unit: 'chips' }];

describe('Screening', () => {
  describe('when the candidates come in no particular order', () => {
    it('lists the rules in force and the pending ones by rule id', () => {
      const h200 = { items: [{ vendor: 'NVIDIA', product: 'H200' }] };
      const candidates = [
        simple('us-b', 'deny'),
        ruleVersion('us-d-draft', 'proposed', { ...h200, effect: 'deny' }),
        simple('us-a', 'allow'),
        ruleVersion('us-c-draft', 'paused', { ...h200, effect: 'deny' }),
      ];

      const answered = screenLine(line({ product: 'H200' }), candidates, catalogue);

      expect(answered.rules.map((rule) => rule.ruleId)).toEqual(['us-a', 'us-b']);
      expect(answered.pending.map((rule) => rule.ruleId)).toEqual(['us-c-draft', 'us-d-draft']);
    });
  });

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
        .then(answer(verdict, [['US', verdict, 'us-rule']], [rule]));
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
              conditions: h200AllowanceConditions,
              sources: [reuters],
            },
          ],
          pending: [],
        });
    });
  });

  describe('when nothing applies', () => {
    it.each([
      ['is not covered', rulesOnDecember9(), line({ product: 'MI308' })],
      ['is not covered by a rule for another country', [h200Allowed], line({ product: 'H200', country: 'RU' })],
      ['is not covered by a rule for another vendor with the same product name', [h200Allowed], line({ vendor: 'AMD', product: 'H200' })],
      [
        'ignores a rescinded rule',
        [ruleVersion('us-rescinded', 'rescinded', { items: [{ vendor: 'NVIDIA', product: 'H200' }], effect: 'deny' })],
        line({ product: 'H200' }),
      ],
    ])('%s', (_case, rules, asked) => given(rules).when(asked).then(notCovered()));
  });

  describe('when a destination names a party', () => {
    const humainAllowed = answer(
      'allowed-with-conditions',
      [['US', 'allowed-with-conditions', 'us-blackwell-humain-g42-2025']],
      [blackwellToHumainAndG42],
    );
    it.each([
      [
        'allows Blackwell to Humain (SA) on 2025-12-01 under the volume cap',
        rulesOnDecember9(),
        { country: 'SA', party: 'Humain' },
        humainAllowed,
      ],
      ['does not cover another Saudi party', rulesOnDecember9(), { country: 'SA', party: 'Aramco Digital' }, notCovered()],
      ['does not cover a line to Saudi Arabia that names no party', rulesOnDecember9(), { country: 'SA' }, notCovered()],
      ['does not cover Humain in another country', rulesOnDecember9(), { country: 'AE', party: 'Humain' }, notCovered()],
    ])('%s', (_case, rules, destination, expected) =>
      given(rules)
        .when(line({ family: 'Blackwell', ...destination }))
        .then(expected),
    );
    it('covers every party when the destination names none', () =>
      given([h20ImportHalt])
        .when(line({ product: 'H20', party: 'ByteDance' }))
        .then(answer('import-restricted', [['CN', 'import-restricted', 'cn-h20-import-halt-2025']], [h20ImportHalt])));
  });

  describe('when the family comes from the catalogue', () => {
    const b200Denied = answer('denied', [['US', 'denied', 'us-blackwell-rubin-cn-ban-2025']], [blackwellRubinBan], [safeChipsAct]);
    it.each([
      ['denies a B200 (Blackwell) to China on 2025-12-09, with the SAFE Chips Act pending', catalogue, {}, b200Denied],
      ['does not know the family of a product the catalogue lacks', noCatalogue, {}, notCovered()],
      ['still applies the catalogue family when the line names another one', catalogue, { family: 'Hopper' }, b200Denied],
      ['uses the family the line names when the catalogue has none', noCatalogue, { family: 'Blackwell' }, b200Denied],
    ])('%s', (_case, families, named, expected) =>
      given(rulesOnDecember9(), families)
        .when(line({ product: 'B200', ...named }))
        .then(expected),
    );
  });

  describe('when matching rules are not in force', () => {
    it.each([
      [
        'lists the SAFE Chips Act and China draft as pending beside the H200 allowance, deciding nothing',
        rulesOnDecember9(),
        line({ product: 'H200' }),
        answer(
          'allowed-with-conditions',
          [['US', 'allowed-with-conditions', 'us-h200-cn-2025']],
          [h200Allowed],
          [h200PurchaseDraft, safeChipsAct],
        ),
      ],
      [
        "gives the H20 China's import restriction, the paused US restriction pending",
        [h20RestrictionPaused, h20ImportHalt],
        line({ product: 'H20' }),
        answer('import-restricted', [['CN', 'import-restricted', 'cn-h20-import-halt-2025']], [h20ImportHalt], [h20RestrictionPaused]),
      ],
      [
        'is not covered when only a proposed bill matches',
        [safeChipsAct],
        line({ product: 'H200', country: 'RU' }),
        answer('not-covered', [], [], [safeChipsAct]),
      ],
    ])('%s', (_case, rules, asked, expected) => given(rules).when(asked).then(expected));
  });

  describe('when several rules in force apply', () => {
    const deny = simple('us-b-deny', 'deny');
    const licence = simple('us-c-licence', 'licence-required');
    const allow = simple('us-a-allow', 'allow');
    const allowCapped = simple('us-d-allow-capped', 'allow', { conditions: volumeCap });
    const cnImport = simple('cn-import', 'restrict-import', { jurisdiction: 'CN' });
    const laterDeny = simple('us-e-deny', 'deny');
    const cnImported: JurisdictionRow = ['CN', 'import-restricted', 'cn-import'];

    it.each([
      [
        'lets the most restrictive win within a jurisdiction, listing every rule that applies',
        [allow, licence, allowCapped],
        answer('licence-required', [['US', 'licence-required', 'us-c-licence']], [allow, licence, allowCapped]),
      ],
      [
        'names every rule that gives the winning verdict',
        [licence, deny, laterDeny],
        answer('denied', [['US', 'denied', 'us-b-deny', 'us-e-deny']], [deny, licence, laterDeny]),
      ],
      [
        'prefers conditions to a plain allowance',
        [allow, allowCapped],
        answer('allowed-with-conditions', [['US', 'allowed-with-conditions', 'us-d-allow-capped']], [allow, allowCapped]),
      ],
      [
        'gives the line the most restrictive of its jurisdictions, jurisdictions sorted',
        [allowCapped, cnImport],
        answer('import-restricted', [cnImported, ['US', 'allowed-with-conditions', 'us-d-allow-capped']], [cnImport, allowCapped]),
      ],
      [
        'lets a US licence requirement outrank a Chinese import restriction',
        [cnImport, licence],
        answer('licence-required', [cnImported, ['US', 'licence-required', 'us-c-licence']], [cnImport, licence]),
      ],
    ])('%s', (_case, rules, expected) =>
      given(rules)
        .when(line({ product: 'H200' }))
        .then(expected),
    );
  });

  describe('when names differ only in case', () => {
    it('matches vendor, product and party case-insensitively', () =>
      given(rulesOnDecember9())
        .when(line({ vendor: 'nvidia', family: 'BLACKWELL', country: 'SA', party: 'humain' }))
        .then(
          answer('allowed-with-conditions', [['US', 'allowed-with-conditions', 'us-blackwell-humain-g42-2025']], [blackwellToHumainAndG42]),
        ));
    it('finds the catalogue family of a product written in lower case', () =>
      given([advancedChips2022, blackwellRubinBan])
        .when(line({ vendor: 'Nvidia', product: 'b200' }))
        .then(answer('denied', [['US', 'denied', 'us-blackwell-rubin-cn-ban-2025']], [blackwellRubinBan])));
  });

  describe('when a question has several lines', () => {
    it('answers each in the order asked, with its line id and the question’s clocks and position', () => {
      const lines = [line({ lineId: 'b200', product: 'B200' }), line({ lineId: 'mi308', vendor: 'AMD', product: 'MI308' })];
      expect(answerQuestion({ ...DEC_9, lines }, () => rulesOnDecember9(), catalogue, 42)).toEqual({
        ...DEC_9,
        position: 42,
        lines: [
          answer('denied', [['US', 'denied', 'us-blackwell-rubin-cn-ban-2025']], [blackwellRubinBan], [safeChipsAct], 'b200'),
          notCovered('mi308'),
        ],
      });
    });
  });
});
