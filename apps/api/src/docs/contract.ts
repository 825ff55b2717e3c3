import { outputJsonSchema } from '@policy/messaging';
import { z } from 'zod';

/** An HTTP status a route answers with, as OpenAPI writes it. */
export type Status = '200' | '201' | '204' | '400' | '401' | '403' | '404' | '405' | '409' | '412' | '415' | '429' | '503';

export interface ResponseContract {
  readonly description: string;
  /** Media type → JSON Schema of the body; none for an answer without a body. */
  readonly content?: Record<string, { readonly schema: object }>;
  readonly headers?: Record<string, { readonly description: string; readonly schema: object }>;
}

/**
 * What one route promises: its request and every answer it really gives. Each feature keeps the
 * contracts of its routes in a `*.contract.ts` beside its controllers; docs/contracts.ts lists
 * them, and the OpenAPI document is built from that list only.
 */
export interface RouteContract {
  readonly method: 'get' | 'post' | 'delete';
  /** OpenAPI's form: `/rules/{id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Anyone may call it (the route is @Public). */
  readonly public?: boolean;
  readonly parameters?: readonly object[];
  readonly requestBody?: z.ZodType;
  readonly responses: Partial<Record<Status, ResponseContract>>;
}

const inputJsonSchema = (type: z.ZodType) => z.toJSONSchema(type, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

/** OpenAPI embeds schemas in its own document, which names the dialect once for all of them. */
const embedded = (schema: Record<string, unknown>): object => {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
};

/** The query parameters of a zod object, one per property, as a client writes them. */
export const queryParameters = (type: z.ZodType): object[] => {
  const schema = inputJsonSchema(type) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: s,
  }));
};

export const pathParameter = (name: string, type: z.ZodType, description?: string): object => ({
  name,
  in: 'path',
  required: true,
  schema: embedded(inputJsonSchema(type)),
  ...(description ? { description } : {}),
});

export const headerParameter = (name: string, description: string, schema: object = { type: 'string' }): object => ({
  name,
  in: 'header',
  required: false,
  schema,
  description,
});

export const requestBodyOf = (type: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: embedded(inputJsonSchema(type)) } },
});

/** A JSON answer whose body is what `type` produces. */
export const json = (description: string, type: z.ZodType, headers?: ResponseContract['headers']): ResponseContract => ({
  description,
  content: { 'application/json': { schema: embedded(outputJsonSchema(type)) } },
  ...(headers ? { headers } : {}),
});

/** A body that is not JSON (a page, a script, the metrics text, an event stream). */
export const text = (description: string, mediaType: string): ResponseContract => ({
  description,
  content: { [mediaType]: { schema: { type: 'string' } } },
});

export const empty = (description: string): ResponseContract => ({ description });

/** Every error answer: `{ error: { code, message, details? } }`. */
export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.string().min(1).describe('stable, machine-readable: e.g. rule_not_found, validation_failed'),
    message: z.string().min(1).describe('for people; may change'),
    details: z.unknown().optional(),
  }),
});

const errorMeanings: Record<Exclude<Status, '200' | '201' | '204'>, string> = {
  '400': 'bad input: a malformed body, query, path or header (nothing changed)',
  '401': 'no credentials, or ones that are unknown, revoked, expired or refused',
  '403': 'the caller authenticated but its role may not do this',
  '404': 'no such resource',
  '405': 'the path exists for other methods',
  '409': 'the change is not allowed from where the resource stands, or lost a race',
  '412': 'If-Match named a revision the resource has moved from',
  '415': 'a body that is not JSON',
  '429': 'too many requests from this client or key; see Retry-After',
  '503': 'a part the route needs is not ready',
};

const retryAfter = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', minimum: 1 } } };

/** The error answers of `statuses`, each with the error shape. */
export const errors = (...statuses: (keyof typeof errorMeanings)[]): Partial<Record<Status, ResponseContract>> =>
  Object.fromEntries(statuses.map((status) => [status, json(errorMeanings[status], ErrorBody, status === '429' ? retryAfter : undefined)]));

/**
 * What any route behind a credential may answer before it runs: refused (401), no role here or
 * not enough of one (403), rate limited (429), the identity provider's keys out of reach (503).
 */
export const guarded = (...more: (keyof typeof errorMeanings)[]) => errors('401', '403', '429', '503', ...more);
