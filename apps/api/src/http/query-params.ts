import { z } from 'zod';

/**
 * A whole number in a query parameter or header: decimal digits only. `z.coerce.number()` would
 * read `0x10` as 16, `1e3` as 1000 and an empty value as 0.
 */
export const DecimalInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'a whole decimal number')
    .describe(`a whole decimal number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A log position: 0 up to the largest integer JSON carries exactly. */
export const Position = DecimalInt(0, Number.MAX_SAFE_INTEGER);

/** An optional parameter where an empty value (`?after=`, an empty header) means the same as none. */
export const EmptyAsAbsent = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
