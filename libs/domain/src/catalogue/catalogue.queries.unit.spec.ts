import { classified } from '../screening/testing/screening-fixtures';
import { familyLookup, familyOf, productsAt } from './catalogue.queries';

const EVER = '9999-12-31T23:59:59.999Z';

/**
 * The B200's history: recorded as Hopper from January on 2025-01-02 (a mistake), corrected to
 * Blackwell from January on 2025-03-01, and moved to a made-up "Blackwell Ultra" from June,
 * recorded 2025-06-02.
 */
const history = [
  classified('NVIDIA', 'H200', 'Hopper', '2024-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z'),
  classified('NVIDIA', 'B200', 'Hopper', '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z'),
  classified('NVIDIA', 'B200', 'Blackwell', '2025-01-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z'),
  classified('NVIDIA', 'B200', 'Blackwell Ultra', '2025-06-01T00:00:00.000Z', '2025-06-02T00:00:00.000Z'),
];

describe('Screening', () => {
  describe('when the catalogue is asked for a family', () => {
    it.each([
      ['before its first classification took effect', '2024-12-31T00:00:00.000Z', EVER, undefined],
      ['as recorded before it was known', '2025-02-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', undefined],
      ['as first recorded (the mistake)', '2025-02-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', 'Hopper'],
      ['after the correction was recorded', '2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z', 'Blackwell'],
      [
        'after the re-classification took effect, but before it was recorded',
        '2025-06-01T12:00:00.000Z',
        '2025-06-01T12:00:00.000Z',
        'Blackwell',
      ],
      ['after the re-classification, as recorded now', '2025-06-01T12:00:00.000Z', EVER, 'Blackwell Ultra'],
      ['before the re-classification took effect, as recorded now', '2025-05-31T00:00:00.000Z', EVER, 'Blackwell'],
    ])('answers %s', (_case, at, knownAt, family) => {
      expect(familyOf(history, 'NVIDIA', 'B200', { at, knownAt })).toEqual(family);
      expect(familyLookup(history, { at, knownAt })('NVIDIA', 'B200')).toEqual(family);
    });

    it('reads vendor and product case-insensitively', () =>
      expect(familyOf(history, 'nvidia', 'b200', { at: '2025-02-01T00:00:00.000Z', knownAt: EVER })).toBe('Blackwell'));
    it('does not know another vendor’s product of the same name', () =>
      expect(familyOf(history, 'AMD', 'B200', { at: '2025-02-01T00:00:00.000Z', knownAt: EVER })).toBeUndefined());
    it('gives the same answer whatever order the entries come in', () =>
      expect(familyOf([...history].reverse(), 'NVIDIA', 'B200', { at: '2025-02-01T00:00:00.000Z', knownAt: EVER })).toBe('Blackwell'));
  });

  describe('when the catalogue is listed at a point', () => {
    it('gives each product’s classification then, sorted by vendor and product', () =>
      expect(
        productsAt([...history, classified('AMD', 'MI308', 'Instinct', '2024-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z')], {
          at: '2025-02-01T00:00:00.000Z',
          knownAt: EVER,
        }),
      ).toEqual([classified('AMD', 'MI308', 'Instinct', '2024-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z'), history[2], history[0]]));
  });
});
