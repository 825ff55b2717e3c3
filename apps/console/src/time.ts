/**
 * Every time on screen is UTC with its offset written out, so an auditor never wonders whose
 * midnight a date is. Pickers are `datetime-local` inputs read as UTC (they carry no zone).
 */
export const formatInstant = (iso: string | null | undefined): string => {
  if (!iso) return '—';
  if (iso.startsWith('9999-12-31')) return 'everything recorded';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  const seconds = text.slice(17, 23) === '00.000' ? '' : `:${text.slice(17, 19)}`;
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds} UTC+00:00`;
};

/** The picker's value for an instant ("2025-12-08T00:00"), or '' for none. */
export const toPickerValue = (iso: string | undefined): string => (iso ? iso.slice(0, 16) : '');

/** The instant a picker's value names, read as UTC; undefined when blank. */
export const fromPickerValue = (value: string): string | undefined => (value ? new Date(`${value}:00.000Z`).toISOString() : undefined);

export const DAY_MS = 86_400_000;
