import {
  AmendRuleBody,
  AnswerComparison,
  ClassifyProductBody,
  EvaluationAnswer,
  EvaluationRecorded,
  EvaluationRequest,
  ProposeRuleBody,
  TransitionBody,
} from '@policy/domain';
import { z } from 'zod';
import { SignInBody } from '../auth/session/session.schemas';
import { ChangesQuery, ListRulesQuery, PointInTimeQuery } from '../rules/rule-queries.schemas';
import { AffectedQuery, RecheckQuery } from '../screening/evaluation-queries.schemas';

/** JSON Schema of what a client sends (zod's input side, before defaults and transforms). */
const schema = (type: z.ZodType) => z.toJSONSchema(type, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

const queryParameters = (type: z.ZodObject) =>
  Object.entries((schema(type) as { properties?: Record<string, object> }).properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    schema: s,
  }));

const ruleIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const writeHeaders = [
  {
    name: 'If-Match',
    in: 'header',
    required: false,
    schema: { type: 'string' },
    description: 'the revision the client last saw; 412 if the rule moved',
  },
  {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    schema: { type: 'string' },
    description: 'a retry with the same key returns the first answer and appends nothing',
  },
];
const errors = {
  '400': { $ref: '#/components/responses/Error' },
  '401': { $ref: '#/components/responses/Error' },
  '403': { $ref: '#/components/responses/Error' },
  '404': { $ref: '#/components/responses/Error' },
};
const writeErrors = { ...errors, '409': { $ref: '#/components/responses/Error' }, '412': { $ref: '#/components/responses/Error' } };
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
/** An answer whose shape is a zod schema of the domain (its output side). */
const answer = (description: string, type: z.ZodType) => ({
  description,
  content: { 'application/json': { schema: z.toJSONSchema(type, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) } },
});
const body = (type: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(type) } } });

const transition = (verb: string) => ({
  post: {
    summary: `${verb} a rule (admin)`,
    parameters: [ruleIdParameter, ...writeHeaders],
    requestBody: body(TransitionBody),
    responses: { '200': json('{ ruleId, revision, position, state }'), ...writeErrors },
  },
});

/** The OpenAPI document, generated from the same zod schemas the controllers parse with. */
export const openApiDocument = () => ({
  openapi: '3.1.0',
  info: {
    title: 'Policy Ledger',
    version: '1',
    description:
      'Export-control rules on advanced AI chips, recorded as events. `asOf` is effective time (what was in force), ' +
      '`knownAt` is recorded time (what our records said). Errors are `{ error: { code, message, details? } }`.',
  },
  security: [{ bearer: [] }, { session: [] }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'an API key: POLICY_ADMIN_KEY or one made with `npm run keys`' },
      session: { type: 'apiKey', in: 'cookie', name: 'policy_session', description: 'the console session cookie from POST /session' },
    },
    responses: {
      Error: {
        description: 'an error',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
            },
          },
        },
      },
    },
  },
  paths: {
    '/rules': {
      post: {
        summary: 'Propose a rule (admin)',
        parameters: writeHeaders.slice(1),
        requestBody: body(ProposeRuleBody),
        responses: { '201': json('{ ruleId, revision, position, state }'), ...writeErrors },
      },
      get: {
        summary: 'Rules at a point in time (reader)',
        parameters: queryParameters(ListRulesQuery),
        responses: { '200': json('{ asOf, knownAt, rules, nextCursor? }'), ...errors },
      },
    },
    '/rules/{id}': {
      get: {
        summary: 'One rule at a point in time (reader)',
        parameters: [ruleIdParameter, ...queryParameters(PointInTimeQuery)],
        responses: { '200': json('{ asOf, knownAt, consistency, rule }'), ...errors },
      },
    },
    '/rules/{id}/history': {
      get: {
        summary: 'Every event of a rule, both clocks shown (reader)',
        parameters: [ruleIdParameter],
        responses: { '200': json('{ ruleId, events }'), ...errors },
      },
    },
    '/rules/{id}/pause': transition('Pause'),
    '/rules/{id}/approve': transition('Approve'),
    '/rules/{id}/rescind': transition('Rescind'),
    '/rules/{id}/amend': {
      post: {
        summary: 'Amend the terms of a rule (admin)',
        parameters: [ruleIdParameter, ...writeHeaders],
        requestBody: body(AmendRuleBody),
        responses: { '200': json('{ ruleId, revision, position, state }'), ...writeErrors },
      },
    },
    '/changes': {
      get: {
        summary: 'What changed in effective time between two dates (reader)',
        parameters: queryParameters(ChangesQuery as unknown as z.ZodObject),
        responses: { '200': json('{ from, to, knownAt, changes }'), ...errors },
      },
    },
    '/events': {
      get: {
        summary: 'The log in commit order, paged by position (auditor)',
        parameters: [
          { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
        ],
        responses: { '200': json('{ events, next }'), ...errors },
      },
    },
    '/events/stream': {
      get: {
        summary: 'Server-sent events: catch-up, then live (reader)',
        parameters: [
          { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
          { name: 'Last-Event-ID', in: 'header', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'text/event-stream; each message: id = position, event = type, data = envelope' } },
      },
    },
    '/evaluations': {
      post: {
        summary: 'Screen order lines: a verdict per line at (at, knownAt), the deciding rules and the pending ones (reader)',
        description:
          'Only rules approved at `at`, as known at `knownAt`, decide; proposed and paused matches are listed as pending. ' +
          'Most restrictive wins: denied > licence-required > import-restricted > allowed-with-conditions > allowed > not-covered. ' +
          'With `record: true` the question and answer are stored and the answer carries `evaluationId`; with an Idempotency-Key a retry gets the first answer and records nothing.',
        parameters: writeHeaders.slice(1),
        requestBody: body(EvaluationRequest),
        responses: {
          '200': answer('the answer, with the log position it reflects', EvaluationAnswer),
          ...errors,
          '503': json('the screening view is catching up'),
        },
      },
      get: {
        summary: 'Recorded evaluations that records after a position change (auditor)',
        parameters: queryParameters(AffectedQuery),
        responses: { '200': json('{ affectedSince, knownBefore, knownNow, evaluations, nextCursor? }'), ...errors },
      },
    },
    '/evaluations/{id}': {
      get: {
        summary: 'A recorded evaluation: question, answer, who asked (auditor)',
        parameters: [ruleIdParameter],
        responses: { '200': answer('the recorded evaluation', EvaluationRecorded), ...errors },
      },
    },
    '/evaluations/{id}/recheck': {
      get: {
        summary: 'A recorded question asked again as known at knownAt (default: now), line by line (auditor)',
        parameters: [ruleIdParameter, ...queryParameters(RecheckQuery)],
        responses: { '200': answer('{ evaluationId, at, then, now, changed, affected, lines }', AnswerComparison), ...errors },
      },
    },
    '/catalogue/products': {
      post: {
        summary: 'Classify a product into a family from effectiveAt on (admin)',
        requestBody: body(ClassifyProductBody),
        responses: { '201': json('{ vendor, product, family, effectiveAt, recordedAt, position }'), ...writeErrors },
      },
      get: {
        summary: 'Each product and its family at a point in time (reader)',
        parameters: queryParameters(PointInTimeQuery.omit({ consistency: true })),
        responses: { '200': json('{ asOf, knownAt, products }'), ...errors },
      },
    },
    '/health': {
      get: {
        summary: 'Readiness of store, projector and publisher (public)',
        security: [],
        responses: { '200': json('ready'), '503': json('not ready') },
      },
    },
    '/session': {
      post: {
        summary: 'Sign in: trade an API key for an HttpOnly, SameSite=Strict session cookie (public)',
        security: [],
        requestBody: body(SignInBody),
        responses: {
          '201': json('{ name, role, expiresAt }, with Set-Cookie: policy_session'),
          '400': errors['400'],
          '401': errors['401'],
        },
      },
      get: { summary: 'Who the session (or key) is signed in as', responses: { '200': json('{ name, role }'), ...errors } },
      delete: {
        summary: 'Sign out: close the session and clear the cookie (public)',
        security: [],
        responses: { '204': { description: 'signed out' } },
      },
    },
    '/metrics': { get: { summary: 'Prometheus metrics (any key)', responses: { '200': { description: 'text/plain' } } } },
  },
});
