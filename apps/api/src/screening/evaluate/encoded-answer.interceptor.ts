import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { EvaluationAnswer } from '@policy/domain';
import { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';
import { EvaluationAnswerEncoder } from './evaluation-answer.encoder';

/**
 * Has Fastify write a successful evaluation with the EvaluationAnswerEncoder instead of
 * `JSON.stringify`, byte for byte the same. Set only once the answer is there: an error goes
 * through the exception filter and the default serializer as on every other route.
 */
@Injectable()
export class EncodedAnswerInterceptor implements NestInterceptor<EvaluationAnswer> {
  constructor(private readonly encoder: EvaluationAnswerEncoder) {}

  intercept(context: ExecutionContext, next: CallHandler<EvaluationAnswer>): Observable<EvaluationAnswer> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap(() => {
        // A custom serializer leaves the type unset.
        void reply.type('application/json; charset=utf-8');
        // Typed as returning a string; Fastify sends a Buffer as it is (its length the content-length).
        void reply.serializer(((answer: EvaluationAnswer) => this.encoder.encode(answer)) as unknown as (payload: unknown) => string);
      }),
    );
  }
}
