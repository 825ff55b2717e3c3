import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TransitionBody } from '@policy/domain';
import { CommandContext } from '../../http/command-context.decorator';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { RuleCommandContext, WriteAnswer } from '../rule-command-context';
import { RuleIdFromPath, RuleWrite } from '../rule-route.decorators';
import { PauseRuleCommand } from './pause-rule.command';

@Controller('rules')
export class PauseRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite(':id/pause')
  pause(
    @RuleIdFromPath() ruleId: string,
    @Body(new ZodValidationPipe(TransitionBody, 'the request')) body: TransitionBody,
    @CommandContext() context: RuleCommandContext,
  ): Promise<WriteAnswer> {
    return this.commands.execute(new PauseRuleCommand({ ruleId, body, context }));
  }
}
