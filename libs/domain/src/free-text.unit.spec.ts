import { FreeText } from './rule-terms';

describe('FreeText', () => {
  const text = FreeText(20);

  it.each([
    ['zero-width characters only', '\u200b\u200b'],
    ['a NUL', 'a\u0000b'],
    ['a C1 control', 'a\u0085b'],
    ['a lone surrogate', 'a\ud83db'],
    ['a reversed surrogate pair', 'a\ude00\ud83d'],
    ['Hangul fillers only', '\u3164\u115f'],
    ['blanks only', ' \u00a0\u3000 '],
  ])('refuses %s', (_label, value) => {
    expect(text.safeParse(value).success).toBe(false);
  });

  it.each([
    ['a plain title', 'H200 to China'],
    ['a surrogate pair (an emoji)', 'chips 🚀'],
    ['a line break inside', 'one\ntwo'],
    ['a zero-width joiner between letters', 'a\u200db'],
  ])('takes %s', (_label, value) => {
    expect(text.safeParse(value).success).toBe(true);
  });

  it('trims the text it takes', () => {
    expect(text.parse('  H200  ')).toBe('H200');
  });
});
