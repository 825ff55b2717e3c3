import { z } from 'zod';
import { errors, guarded, json, queryParameters, RouteContract, text } from '../docs/contract';
import { ConsistencyQuery, EntriesQuery, InclusionQuery } from './ledger.controller';

const Hash = z.string().describe('a SHA-256 hash, base64');

/** What an answer's `receipt` holds: the leaf of the event it rests on, and the latest signed checkpoint. */
export const ReceiptSchema = z
  .object({
    position: z.number().int().positive(),
    leafHash: Hash,
    treeSize: z.number().int().nonnegative().describe('the size of the tree the checkpoint signs'),
    checkpoint: z.string().describe('the latest signed checkpoint (a C2SP signed note)'),
  })
  .nullable()
  .describe('null while the ledger has not hashed the event or signed a checkpoint yet');

/** An answer that carries the ledger's receipt of the event it rests on. */
export const WithReceipt = <T extends z.ZodObject>(answer: T) => answer.extend({ receipt: ReceiptSchema });

const EntriesPage = z.object({
  entries: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      position: z.number().int().positive(),
      leafHash: Hash,
      entry: z.string().nullable().describe('the RFC 8785 canonical JSON the leaf hashes; null when the log holds no event there now'),
    }),
  ),
  next: z.number().int().nonnegative().nullable().describe('the leaf index of the next page, or null'),
});

const InclusionProof = z.object({
  position: z.number().int().positive(),
  leafIndex: z.number().int().nonnegative(),
  leafHash: Hash,
  treeSize: z.number().int().nonnegative(),
  rootHash: Hash,
  auditPath: z.array(Hash).describe('RFC 6962 audit path, leaf to root'),
});

const ConsistencyProof = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  fromRoot: Hash,
  toRoot: Hash,
  proof: z.array(Hash).describe('RFC 6962 consistency proof'),
});

const tags = ['ledger'];

export const ledgerContracts: RouteContract[] = [
  {
    method: 'get',
    path: '/ledger/key',
    operationId: 'getLedgerKey',
    summary: 'The verifier key of the checkpoints, in the signed-note format (reader)',
    tags,
    responses: { '200': text('<name>+<hex key id>+<base64 key>', 'text/plain'), ...guarded() },
  },
  {
    method: 'get',
    path: '/ledger/checkpoint',
    operationId: 'getLedgerCheckpoint',
    summary: 'The latest signed checkpoint: origin, tree size, root hash, Ed25519 signature (reader)',
    tags,
    responses: { '200': text('a C2SP tlog-checkpoint in a signed note', 'text/plain'), ...guarded() },
  },
  {
    method: 'get',
    path: '/ledger/entries',
    operationId: 'listLedgerEntries',
    summary: 'Per leaf from `from`: its position, leaf hash and the entry the log holds there (reader)',
    tags,
    parameters: queryParameters(EntriesQuery),
    responses: { '200': json('a page of leaves', EntriesPage), ...guarded('400') },
  },
  {
    method: 'get',
    path: '/ledger/proofs/inclusion',
    operationId: 'getLedgerInclusionProof',
    summary: "The audit path of an event's leaf in a tree of `treeSize` (default: the latest checkpoint's) (reader)",
    tags,
    parameters: queryParameters(InclusionQuery),
    responses: { '200': json('the inclusion proof', InclusionProof), ...guarded('400', '404') },
  },
  {
    method: 'get',
    path: '/ledger/proofs/consistency',
    operationId: 'getLedgerConsistencyProof',
    summary: 'The consistency proof between two tree sizes (reader)',
    tags,
    parameters: queryParameters(ConsistencyQuery),
    responses: { '200': json('the consistency proof', ConsistencyProof), ...errors('400'), ...guarded() },
  },
];
