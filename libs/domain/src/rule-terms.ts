import { z } from 'zod';
import { Instant } from './time';

/** An unpaired UTF-16 surrogate: not a character, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Control characters other than tab, line feed and carriage return (NUL among them). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Something a reader can see: not a space, a format character (zero-width ones), a control or a lone mark. */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Cc}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/u;

/**
 * Free text of a rule: trimmed, 1 to `max` characters, well-formed (no lone surrogates), no
 * control characters, and at least one visible character (a title of zero-width spaces reads as
 * empty).
 */
export const FreeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !LONE_SURROGATE.test(value), 'must not hold unpaired surrogates')
    .refine((value) => !CONTROL.test(value), 'must not hold control characters (NUL and the like)')
    .refine((value) => VISIBLE.test(value), 'must hold a visible character');

/** ISO 3166-1 alpha-2 code of a state: the issuing jurisdiction or a destination country. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "US" or "CN"');

/**
 * Stable identity of a rule across all its events: a lowercase slug (`us-h200-cn-2025`) or a
 * UUID. It names the stream `policy-rule-<ruleId>`, so it must stay URL- and stream-safe.
 */
export const RuleId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/, 'a lowercase slug (a-z, 0-9, "-") of at most 120 characters, or a UUID');
export type RuleId = z.infer<typeof RuleId>;

/** What a rule covers: a vendor's product (`H200`) or a whole family (`Blackwell`). */
export const RuleItem = z
  .strictObject({
    vendor: FreeText(100),
    product: FreeText(100).optional(),
    family: FreeText(100).optional(),
  })
  .refine((item) => item.product !== undefined || item.family !== undefined, {
    message: 'an item names a product or a family',
  });
export type RuleItem = z.infer<typeof RuleItem>;

/** A destination: a country, optionally narrowed to a named party in it (`Humain`, in `SA`). */
export const Destination = z.strictObject({
  country: CountryCode,
  party: FreeText(200).optional(),
});
export type Destination = z.infer<typeof Destination>;

export const Effect = z.enum(['allow', 'deny', 'licence-required', 'restrict-import']);
export type Effect = z.infer<typeof Effect>;

export const Instrument = z.enum(['executive-decision', 'regulation', 'draft-regulation', 'licence-decision', 'bill', 'guidance']);
export type Instrument = z.infer<typeof Instrument>;

/** A term attached to a rule, e.g. 25 % of revenue paid to the US government. */
export const Condition = z.strictObject({
  kind: z.enum([
    'revenue-share',
    'security-review',
    'approved-customers-only',
    'volume-cap',
    'minimum-lag',
    'importer-government-approval',
    'other',
  ]),
  description: FreeText(1000),
  value: z.number().finite().optional(),
  unit: FreeText(50).optional(),
});
export type Condition = z.infer<typeof Condition>;

/** A figure the rule is judged by, e.g. the H200's Total Processing Performance of 15,840. */
export const Metric = z.strictObject({
  name: FreeText(100),
  subject: FreeText(200),
  value: z.number().finite(),
  unit: FreeText(50).optional(),
});
export type Metric = z.infer<typeof Metric>;

/** Where a change was reported. */
export const Source = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  title: FreeText(500),
  publisher: FreeText(200).optional(),
  publishedAt: Instant.optional(),
});
export type Source = z.infer<typeof Source>;

/** The terms of a rule: everything an amendment may change. */
export const RuleTerms = z.strictObject({
  title: FreeText(300),
  authority: FreeText(200),
  jurisdiction: CountryCode,
  instrument: Instrument,
  items: z.array(RuleItem).min(1).max(100),
  destinations: z.array(Destination).min(1).max(300),
  effect: Effect,
  conditions: z.array(Condition).max(100).default([]),
  metrics: z.array(Metric).max(100).default([]),
  sources: z.array(Source).min(1).max(100),
});
export type RuleTerms = z.infer<typeof RuleTerms>;

/**
 * The fields an amendment replaces. Sources are not among them: sources accumulate, so a
 * later report never erases an earlier one; each event may add its own.
 */
export const RuleChanges = RuleTerms.omit({ sources: true })
  .partial()
  .extend({
    conditions: z.array(Condition).max(100).optional(),
    metrics: z.array(Metric).max(100).optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, {
    message: 'an amendment changes at least one term',
  });
export type RuleChanges = z.infer<typeof RuleChanges>;

/** Optional explanation and sources that every event after the proposal may carry. */
export const Annotation = {
  reason: FreeText(2000).optional(),
  sources: z.array(Source).max(100).default([]),
};
