import { Controller, Get, Header, Query } from '@nestjs/common';
import { z } from 'zod';
import { DecimalInt, EmptyAsAbsent, Position } from '../http/query-params';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { LedgerProofs } from './ledger-proofs.service';
import { LedgerService } from './ledger.service';

export const TreeSize = DecimalInt(0, Number.MAX_SAFE_INTEGER);
export const EntriesQuery = z.strictObject({ from: EmptyAsAbsent(TreeSize).default(0), limit: DecimalInt(1, 1000).default(100) });
export const InclusionQuery = z.strictObject({ position: Position, treeSize: EmptyAsAbsent(TreeSize) });
export const ConsistencyQuery = z.strictObject({ from: TreeSize, to: EmptyAsAbsent(TreeSize) });

/** Tamper evidence for readers: the verifier key, signed checkpoints, entries and RFC 6962 proofs. */
@Controller('ledger')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly proofs: LedgerProofs,
  ) {}

  @Get('key')
  @Header('content-type', 'text/plain; charset=utf-8')
  key(): string {
    return `${this.ledger.verifierKey}\n`;
  }

  @Get('checkpoint')
  @Header('content-type', 'text/plain; charset=utf-8')
  checkpoint(): string {
    return this.proofs.checkpoint();
  }

  @Get('entries')
  entries(@Query(new ZodValidationPipe(EntriesQuery, 'the query')) { from, limit }: z.output<typeof EntriesQuery>) {
    return this.proofs.entries(from, limit);
  }

  @Get('proofs/inclusion')
  inclusion(@Query(new ZodValidationPipe(InclusionQuery, 'the query')) { position, treeSize }: z.output<typeof InclusionQuery>) {
    return this.proofs.inclusion(position, treeSize);
  }

  @Get('proofs/consistency')
  consistency(@Query(new ZodValidationPipe(ConsistencyQuery, 'the query')) { from, to }: z.output<typeof ConsistencyQuery>) {
    return this.proofs.consistency(from, to);
  }
}
