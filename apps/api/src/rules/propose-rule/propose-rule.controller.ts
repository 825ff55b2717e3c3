import { Body, Controller, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ProposeRuleBody } from '@policy/domain';
import { FastifyReply } from 'fastify';
import { CommandContext } from '../../http/command-context.decorator';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { RuleCommandContext, WriteAnswer } from '../rule-command-context';
import { RuleWrite } from '../rule-route.decorators';
import { ProposeRuleCommand } from './propose-rule.command';

@Controller('rules')
export class ProposeRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite('', 201)
  async propose(
    @Body(new ZodValidationPipe(ProposeRuleBody, 'the rule')) body: ProposeRuleBody,
    @CommandContext() context: RuleCommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteAnswer> {
    const answer = await this.commands.execute(new ProposeRuleCommand({ body, context }));
    void reply.header('location', `/rules/${answer.ruleId}`);
    return answer;
  }
}
