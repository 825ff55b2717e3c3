import { z } from 'zod';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `POLICY_SESSION_TTL`: how long a console session lives, as `<n>s`, `<n>m`, `<n>h` or `<n>d`
 * (a bare number is seconds). Parsed to milliseconds; 8 hours unless set.
 */
export const sessionTtlEnv = z
  .string()
  .regex(/^\d+[smhd]?$/, 'a duration such as "8h", "30m", "90s" or "2d"')
  .transform((value) => Number.parseInt(value, 10) * UNIT_MS[(/[smhd]$/.exec(value)?.[0] ?? 's') as keyof typeof UNIT_MS])
  .refine((ms) => ms >= 1_000 && ms <= 30 * UNIT_MS.d, 'between 1 second and 30 days')
  .default(8 * UNIT_MS.h);
