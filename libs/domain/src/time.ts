import { z } from 'zod';

/**
 * An instant on either clock, normalised to UTC with millisecond precision
 * (`2025-12-08T00:00:00.000Z`). Normalising at the boundary means every stored time has
 * the same shape, so instants compare correctly as plain strings everywhere downstream
 * (SQLite indexes, the decider, JSON consumers).
 *
 * Accepted input: a full ISO-8601 date-time with `Z` or an offset, or a bare date
 * (`2025-12-08`, read as midnight UTC).
 */
export const Instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value).toISOString())
  // An offset can push a year-9999 or year-0000 input out of four-digit years in UTC, and
  // `toISOString` then writes `+010000-…`: a string that neither sorts with the others nor
  // parses back. Refusing it here keeps every stored instant readable.
  .refine((instant) => /^\d{4}-/.test(instant) && instant >= MIN_INSTANT, {
    message: `must lie between ${'0001-01-01'} and ${'9999-12-31T23:59:59.999Z'} in UTC`,
  })
  .describe('ISO-8601 date-time (or date, read as midnight UTC)');
export type Instant = z.output<typeof Instant>;

const MIN_INSTANT = '0001-01-01T00:00:00.000Z';

/**
 * The latest instant there is. A query that names no recorded time asks "as recorded so far",
 * which is `knownAt = END_OF_TIME`, not the server's clock: a write stamped slightly ahead of
 * the clock (it never goes backwards within a rule) must still be seen right after it.
 */
export const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** Instants are normalised ISO strings, so they order lexicographically. */
export const isBefore = (a: Instant, b: Instant): boolean => a < b;
