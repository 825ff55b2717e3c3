import { Controller, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ProposeRuleBody } from '@policy/domain';
import { FastifyReply } from 'fastify';
import { CommandInput } from '../../http/command-input.decorator';
import { RuleWrite } from '../rule-route.decorators';
import { WriteAnswer } from '../rule-command-context';
import { ProposeRuleCommand } from './propose-rule.command';

@Controller('rules')
export class ProposeRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite('', 201)
  async propose(
    @CommandInput(ProposeRuleBody, 'the rule', { ruleIdInPath: false }) input: ProposeRuleCommand['input'],
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteAnswer> {
    const answer = await this.commands.execute(new ProposeRuleCommand(input));
    void reply.header('location', `/rules/${answer.ruleId}`);
    return answer;
  }
}
