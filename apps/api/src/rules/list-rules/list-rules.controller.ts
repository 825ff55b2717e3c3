import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FastifyReply } from 'fastify';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { pointInTime } from '../point-in-time';
import { ListRulesQuery as ListRulesParams } from '../rule-queries.schemas';
import { ListRulesQuery } from './list-rules.query';

@Controller('rules')
export class ListRulesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  async list(
    @Query(new ZodValidationPipe(ListRulesParams, 'the query')) { asOf, knownAt, limit, after, ...filters }: ListRulesParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const answer = await this.queries.execute(new ListRulesQuery({ at: pointInTime({ asOf, knownAt }), filters, page: { after, limit } }));
    // Already JSON: with the type set, Fastify sends the bytes as they are.
    void reply.type('application/json; charset=utf-8');
    return answer.json;
  }
}
