import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';

/** The revision is the rule's ETag, so a client can send it back as If-Match. */
@Injectable()
export class RevisionEtagInterceptor implements NestInterceptor<{ revision: number }> {
  intercept(context: ExecutionContext, next: CallHandler<{ revision: number }>): Observable<{ revision: number }> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(tap((answer) => void reply.header('etag', `"${answer.revision}"`)));
  }
}
