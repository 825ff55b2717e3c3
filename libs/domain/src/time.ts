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
  .describe('ISO-8601 date-time (or date, read as midnight UTC)');
export type Instant = z.output<typeof Instant>;

/** Formats a `Date` the same way `Instant` normalises input. */
export const toInstant = (date: Date): Instant => date.toISOString();

/** Instants are normalised ISO strings, so they order lexicographically. */
export const isBefore = (a: Instant, b: Instant): boolean => a < b;
