import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** Where a body's path is shown on the form: items, destinations and sources are one line each, amendments edit the same fields. */
const FIELD_OF: Record<string, string> = {
  'items.0.vendor': 'vendor',
  'items.0.product': 'product',
  'items.0.family': 'product',
  'items.0': 'product',
  'destinations.0.country': 'country',
  'destinations.0.party': 'party',
  'sources.0.url': 'sourceUrl',
  'sources.0.title': 'sourceTitle',
  'changes.title': 'title',
  'changes.effect': 'effect',
};

/**
 * Zod issues (the form's own check, or the `details` of the server's 400, which come from the same
 * schemas) as one message per form field; issues of no field go under `form`.
 */
export const fieldErrorsOf = (issues: readonly Pick<z.core.$ZodIssue, 'path' | 'message'>[]): FieldErrors => {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const field = FIELD_OF[path] ?? (path === '' || path === 'changes' ? 'form' : path);
    errors[field] ??= issue.message;
  }
  return errors;
};
