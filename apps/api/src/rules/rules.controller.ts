import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AmendRuleBody, END_OF_TIME, ProposeRuleBody, TransitionBody } from '@policy/domain';
import { PointInTime } from '@policy/projections';
import { FastifyReply } from 'fastify';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { RequireRole } from '../auth/roles';
import { parse } from '../http/parse';
import { commandContext } from '../http/request-context';
import { AmendRuleCommand } from './amend-rule/amend-rule.command';
import { ApproveRuleCommand } from './approve-rule/approve-rule.command';
import { GetRuleQuery } from './get-rule/get-rule.query';
import { GetRuleHistoryQuery } from './get-rule-history/get-rule-history.query';
import { ListRulesQuery } from './list-rules/list-rules.query';
import { PauseRuleCommand } from './pause-rule/pause-rule.command';
import { ProposeRuleCommand } from './propose-rule/propose-rule.command';
import { RescindRuleCommand } from './rescind-rule/rescind-rule.command';
import { WriteAnswer } from './rule-command-context';
import * as Q from './rule-queries.schemas';

const transitions = { pause: PauseRuleCommand, approve: ApproveRuleCommand, rescind: RescindRuleCommand } as const;

/** The revision is the rule's ETag, so a client can send it back as If-Match. */
const withEtag = <T extends { revision: number }>(reply: FastifyReply, answer: T): T => {
  void reply.header('etag', `"${answer.revision}"`);
  return answer;
};

/** asOf defaults to now (what is in force); knownAt to everything recorded so far. */
export const pointInTime = (query: { asOf?: string; knownAt?: string }): PointInTime => ({
  asOf: query.asOf ?? new Date().toISOString(),
  knownAt: query.knownAt ?? END_OF_TIME,
});

@Controller('rules')
export class RulesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  async propose(@Req() request: AuthenticatedRequest, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const command = new ProposeRuleCommand({ body: parse(ProposeRuleBody, body, 'the rule'), context: commandContext(request) });
    const answer = await this.commands.execute(command);
    void reply.header('location', `/rules/${answer.ruleId}`);
    return withEtag(reply, answer);
  }

  @Post(':id/pause')
  @RequireRole('admin')
  @HttpCode(200)
  pause(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.transition('pause', request, id, body, reply);
  }

  @Post(':id/approve')
  @RequireRole('admin')
  @HttpCode(200)
  approve(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.transition('approve', request, id, body, reply);
  }

  @Post(':id/rescind')
  @RequireRole('admin')
  @HttpCode(200)
  rescind(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.transition('rescind', request, id, body, reply);
  }

  @Post(':id/amend')
  @RequireRole('admin')
  @HttpCode(200)
  async amend(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = { ruleId: parse(Q.RuleIdParam, id, 'the rule id'), body: parse(AmendRuleBody, body, 'the amendment'), context: commandContext(request) };
    return withEtag(reply, await this.commands.execute(new AmendRuleCommand(input)));
  }

  private async transition(
    transition: keyof typeof transitions,
    request: AuthenticatedRequest,
    id: string,
    body: unknown,
    reply: FastifyReply,
  ): Promise<WriteAnswer> {
    const ruleId = parse(Q.RuleIdParam, id, 'the rule id');
    const input = { ruleId, body: parse(TransitionBody, body, 'the request'), context: commandContext(request) };
    return withEtag(reply, await this.commands.execute(new transitions[transition](input)));
  }

  @Get()
  async list(@Query() query: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { asOf, knownAt, limit, after, ...filters } = parse(Q.ListRulesQuery, query, 'the query');
    const answer = await this.queries.execute(new ListRulesQuery({ at: pointInTime({ asOf, knownAt }), filters, page: { after, limit } }));
    // Already JSON text: with the type set, Fastify sends it as it is.
    void reply.type('application/json; charset=utf-8');
    return answer.json;
  }

  @Get(':id')
  async get(@Param('id') id: string, @Query() query: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { consistency, ...at } = parse(Q.PointInTimeQuery, query, 'the query');
    const ruleId = parse(Q.RuleIdParam, id, 'the rule id');
    const answer = await this.queries.execute(new GetRuleQuery({ ruleId, at: pointInTime(at), consistency }));
    void reply.header('etag', `"${answer.rule.revision}"`);
    return answer;
  }

  @Get(':id/history')
  history(@Param('id') id: string, @Query() query: unknown) {
    parse(Q.NoQuery, query, 'the query');
    return this.queries.execute(new GetRuleHistoryQuery({ ruleId: parse(Q.RuleIdParam, id, 'the rule id') }));
  }
}
