import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TransitionBody } from '@policy/domain';
import { CommandContext } from '../../http/command-context.decorator';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { RuleCommandContext, WriteAnswer } from '../rule-command-context';
import { RuleIdFromPath, RuleWrite } from '../rule-route.decorators';
import { ApproveRuleCommand } from './approve-rule.command';

@Controller('rules')
export class ApproveRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite(':id/approve')
  approve(
    @RuleIdFromPath() ruleId: string,
    @Body(new ZodValidationPipe(TransitionBody, 'the request')) body: TransitionBody,
    @CommandContext() context: RuleCommandContext,
  ): Promise<WriteAnswer> {
    return this.commands.execute(new ApproveRuleCommand({ ruleId, body, context }));
  }
}
