import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { mergeMap, Observable } from 'rxjs';
import { LedgerService, Receipt } from './ledger.service';

/** Where an answer rests in the log: a position, or the event of a stream at a revision. */
export type ReceiptAnchor = number | Readonly<{ streamId: string; revision: number }> | undefined;

const RECEIPT_OF = 'policy:receipt-of';

/** Adds `receipt` to the route's answer: the ledger's proof handle for the event `anchor` names. */
export const WithReceipt = <A>(anchor: (answer: A) => ReceiptAnchor): MethodDecorator =>
  applyDecorators(SetMetadata(RECEIPT_OF, anchor), UseInterceptors(ReceiptInterceptor));

@Injectable()
export class ReceiptInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly ledger: LedgerService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler<object>): Observable<object> {
    const anchor = this.reflector.get<(answer: object) => ReceiptAnchor>(RECEIPT_OF, context.getHandler());
    return next.handle().pipe(mergeMap(async (answer) => ({ ...answer, receipt: (await this.receipt(anchor(answer))) ?? null })));
  }

  private async receipt(anchor: ReceiptAnchor): Promise<Receipt | undefined> {
    if (typeof anchor === 'number') return anchor > 0 ? this.ledger.receipt(anchor) : undefined;
    if (anchor === undefined) return undefined;
    const [event] = await this.store.readStream(anchor.streamId, { fromRevision: BigInt(anchor.revision), maxCount: 1 });
    return event && this.ledger.receipt(Number(event.position));
  }
}
