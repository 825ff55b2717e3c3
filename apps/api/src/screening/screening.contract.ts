import { Assert, SameShape } from '@policy/common';
import {
  AnswerComparison,
  EvaluationAnswer,
  EvaluationId,
  EvaluationRecorded,
  EvaluationRequest,
  Instant,
  RecheckLine,
} from '@policy/domain';
import { z } from 'zod';
import { WithReceipt } from '../ledger/ledger.contract';
import { guarded, headerParameter, json, pathParameter, queryParameters, RouteContract } from '../docs/contract';
import { AffectedQuery, RecheckQuery } from './evaluation-queries.schemas';
import { RecordedEvaluation } from './get-evaluation/get-evaluation.query';
import { AffectedEvaluations } from './list-affected-evaluations/list-affected-evaluations.query';
import { Recheck } from './recheck-evaluation/recheck-evaluation.query';

const position = z.number().int().nonnegative();

export const RecordedEvaluationSchema = z.strictObject(EvaluationRecorded.shape).omit({ type: true });
export type RecordedEvaluationMatches = Assert<SameShape<z.output<typeof RecordedEvaluationSchema>, RecordedEvaluation>>;

export const AffectedEvaluationsSchema = z.object({
  affectedSince: position,
  knownBefore: Instant.nullable().describe('what was known just before the first event after affectedSince'),
  knownNow: Instant,
  evaluations: z
    .array(
      z.object({
        evaluationId: EvaluationId,
        recordedAt: Instant,
        position,
        at: Instant,
        changed: z.boolean().describe("some line's verdict differs"),
        lines: z.array(RecheckLine).readonly(),
      }),
    )
    .readonly(),
  nextCursor: position.optional().describe('pass as `after` for the next page'),
});
export type AffectedEvaluationsMatch = Assert<SameShape<z.output<typeof AffectedEvaluationsSchema>, AffectedEvaluations>>;

const asKnown = z.object({ knownAt: Instant, position });
export const RecheckSchema = AnswerComparison.extend({ evaluationId: EvaluationId, at: Instant, then: asKnown, now: asKnown });
export type RecheckMatches = Assert<SameShape<z.output<typeof RecheckSchema>, Recheck>>;

const evaluationId = pathParameter('id', EvaluationId, 'the evaluation id');
const tags = ['screening'];

export const screeningContracts: RouteContract[] = [
  {
    method: 'post',
    path: '/evaluations',
    operationId: 'evaluate',
    summary: 'Screen order lines: a verdict per line at (at, knownAt), the deciding rules and the pending ones (reader)',
    description:
      'Only rules approved at `at`, as known at `knownAt`, decide; proposed and paused matches are listed as pending. ' +
      'Most restrictive wins: denied > licence-required > import-restricted > allowed-with-conditions > allowed > not-covered. ' +
      'With `record: true` the question and answer are stored and the answer carries `evaluationId`; with an Idempotency-Key a retry gets the first answer and records nothing.',
    tags,
    parameters: [headerParameter('Idempotency-Key', 'a retry with the same key returns the first answer and records nothing')],
    requestBody: EvaluationRequest,
    responses: {
      '200': json('the answer, with the log position it reflects', WithReceipt(EvaluationAnswer)),
      ...guarded('400', '415', '503'),
    },
  },
  {
    method: 'get',
    path: '/evaluations',
    operationId: 'listAffectedEvaluations',
    summary: 'Recorded evaluations that records after a position change (auditor)',
    tags,
    parameters: queryParameters(AffectedQuery),
    responses: { '200': json('the affected evaluations, a page at a time', AffectedEvaluationsSchema), ...guarded('400', '403', '503') },
  },
  {
    method: 'get',
    path: '/evaluations/{id}',
    operationId: 'getEvaluation',
    summary: 'A recorded evaluation: question, answer, who asked (auditor)',
    tags,
    parameters: [evaluationId],
    responses: { '200': json('the recorded evaluation', RecordedEvaluationSchema), ...guarded('400', '403', '404') },
  },
  {
    method: 'get',
    path: '/evaluations/{id}/recheck',
    operationId: 'recheckEvaluation',
    summary: 'A recorded question asked again as known at knownAt (default: now), line by line (auditor)',
    tags,
    parameters: [evaluationId, ...queryParameters(RecheckQuery)],
    responses: { '200': json('the answer then and now, line by line', RecheckSchema), ...guarded('400', '403', '404', '503') },
  },
];
