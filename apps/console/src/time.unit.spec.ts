import { formatInstant, fromPickerValue, toPickerValue } from './time';

describe('console times', () => {
  it('writes every instant in UTC with its offset, seconds only when there are any', () => {
    expect(formatInstant('2025-12-08T00:00:00.000Z')).toBe('2025-12-08 00:00 UTC+00:00');
    expect(formatInstant('2026-12-02T07:42:46.123Z')).toBe('2026-12-02 07:42:46 UTC+00:00');
    expect(formatInstant('2025-12-08T01:00:00+01:00')).toBe('2025-12-08 00:00 UTC+00:00');
    expect(formatInstant('9999-12-31T23:59:59.999Z')).toBe('everything recorded');
    expect(formatInstant(undefined)).toBe('—');
    expect(formatInstant('not a time')).toBe('not a time');
  });

  it('reads a picker value as UTC and gives it back unchanged', () => {
    expect(fromPickerValue('2025-12-09T00:00')).toBe('2025-12-09T00:00:00.000Z');
    expect(fromPickerValue('')).toBeUndefined();
    expect(toPickerValue('2025-12-09T13:45:00.000Z')).toBe('2025-12-09T13:45');
    expect(toPickerValue(fromPickerValue('2025-12-09T13:45'))).toBe('2025-12-09T13:45');
  });
});
