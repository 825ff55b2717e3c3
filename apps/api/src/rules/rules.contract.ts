import { AmendRuleBody, Instant, ProposeRuleBody, RuleId, TransitionBody } from '@policy/domain';
import { RuleEventEnvelopeSchema, RuleStateSchema } from '@policy/messaging';
import { z } from 'zod';
import { errors, guarded, headerParameter, json, pathParameter, queryParameters, RouteContract } from '../docs/contract';
import { Assert, SameShape } from '@policy/common';
import { WithReceipt } from '../ledger/ledger.contract';
import { RuleHistory } from './get-rule-history/get-rule-history.query';
import { RuleAtPointInTime } from './get-rule/get-rule.query';
import { ChangesBetween } from './list-changes/list-changes.query';
import { RulesAtPointInTime } from './list-rules/list-rules.query';
import { WriteAnswer } from './rule-command-context';
import { ChangesQuery, ListRulesQuery, PointInTimeQuery } from './rule-queries.schemas';

/** What a write answers: where the change landed in the log, and the rule after it. */
export const WriteAnswerSchema = z.object({
  ruleId: RuleId,
  revision: z.number().int().nonnegative().describe("the rule's revision after the write; also its ETag"),
  position: z.number().int().positive().describe('global position of the last event written'),
  state: RuleStateSchema,
});
export type WriteAnswerMatches = Assert<SameShape<z.output<typeof WriteAnswerSchema>, WriteAnswer>>;

const pointInTime = { asOf: Instant.describe('effective time asked about'), knownAt: Instant.describe('recorded time asked about') };

export const RuleAnswerSchema = z.object({
  ...pointInTime,
  consistency: z.enum(['read-model', 'replay']),
  rule: RuleStateSchema,
});
export type RuleAnswerMatches = Assert<SameShape<z.output<typeof RuleAnswerSchema>, RuleAtPointInTime>>;

export const RuleListSchema = z.object({
  ...pointInTime,
  rules: z.array(RuleStateSchema),
  nextCursor: RuleId.optional().describe('pass as `after` for the next page; absent on the last one'),
});
export type RuleListMatches = Assert<SameShape<z.output<typeof RuleListSchema>, RulesAtPointInTime>>;

export const RuleHistorySchema = z.object({ ruleId: RuleId, events: z.array(RuleEventEnvelopeSchema) });
export type RuleHistoryMatches = Assert<SameShape<z.output<typeof RuleHistorySchema>, RuleHistory>>;

export const ChangesSchema = z.object({
  from: Instant,
  to: Instant,
  knownAt: Instant,
  changes: z.array(z.object({ ruleId: RuleId, before: RuleStateSchema.nullable(), after: RuleStateSchema.nullable() })),
  nextCursor: RuleId.optional().describe('pass as `after` for the next page; absent once every rule was looked at'),
});
export type ChangesMatch = Assert<SameShape<z.output<typeof ChangesSchema>, ChangesBetween>>;

const ruleId = pathParameter('id', RuleId, 'the rule id (a lowercase slug)');
const ifMatch = headerParameter('If-Match', 'the revision the client last saw (`"3"`); 412 if the rule moved');
const idempotencyKey = headerParameter('Idempotency-Key', 'a retry with the same key returns the first answer and appends nothing');
const etag = { ETag: { description: "the rule's revision, to send back as If-Match", schema: { type: 'string' } } };
const writeErrors = guarded('400', '403', '409', '412', '415');
const tags = ['rules'];

const transition = (verb: 'pause' | 'approve' | 'rescind'): RouteContract => ({
  method: 'post',
  path: `/rules/{id}/${verb}`,
  operationId: `${verb}Rule`,
  summary: `${verb[0].toUpperCase()}${verb.slice(1)} a rule (admin)`,
  tags,
  parameters: [ruleId, ifMatch, idempotencyKey],
  requestBody: TransitionBody,
  responses: { '200': json('the change and the rule after it', WithReceipt(WriteAnswerSchema), etag), ...writeErrors, ...errors('404') },
});

export const rulesContracts: RouteContract[] = [
  {
    method: 'post',
    path: '/rules',
    operationId: 'proposeRule',
    summary: 'Propose a rule (admin)',
    tags,
    parameters: [idempotencyKey],
    requestBody: ProposeRuleBody,
    responses: {
      '201': json('the proposal and the rule it made', WithReceipt(WriteAnswerSchema), {
        ...etag,
        Location: { description: 'the new rule', schema: { type: 'string' } },
      }),
      ...writeErrors,
    },
  },
  {
    method: 'get',
    path: '/rules',
    operationId: 'listRules',
    summary: 'Rules at a point in time, a page at a time (reader)',
    tags,
    parameters: queryParameters(ListRulesQuery),
    responses: { '200': json('the rules in force at asOf as known at knownAt', RuleListSchema), ...guarded('400') },
  },
  {
    method: 'get',
    path: '/rules/{id}',
    operationId: 'getRule',
    summary: 'One rule at a point in time (reader)',
    tags,
    parameters: [ruleId, ...queryParameters(PointInTimeQuery)],
    responses: { '200': json('the version in force then', WithReceipt(RuleAnswerSchema), etag), ...guarded('400', '404') },
  },
  {
    method: 'get',
    path: '/rules/{id}/history',
    operationId: 'getRuleHistory',
    summary: 'Every event of a rule, both clocks shown (reader)',
    tags,
    parameters: [ruleId],
    responses: { '200': json("the rule's events in revision order", RuleHistorySchema), ...guarded('400', '404') },
  },
  transition('pause'),
  transition('approve'),
  transition('rescind'),
  {
    method: 'post',
    path: '/rules/{id}/amend',
    operationId: 'amendRule',
    summary: 'Amend the terms of a rule (admin)',
    tags,
    parameters: [ruleId, ifMatch, idempotencyKey],
    requestBody: AmendRuleBody,
    responses: {
      '200': json('the amendment and the rule after it', WithReceipt(WriteAnswerSchema), etag),
      ...writeErrors,
      ...errors('404'),
    },
  },
  {
    method: 'get',
    path: '/changes',
    operationId: 'listChanges',
    summary: 'What changed in effective time between two dates, a page at a time (reader)',
    tags,
    parameters: queryParameters(ChangesQuery),
    responses: { '200': json('each changed rule, before and after', ChangesSchema), ...guarded('400') },
  },
];
