import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AmendRuleBody } from '@policy/domain';
import { CommandContext } from '../../http/command-context.decorator';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { RuleCommandContext, WriteAnswer } from '../rule-command-context';
import { RuleIdFromPath, RuleWrite } from '../rule-route.decorators';
import { AmendRuleCommand } from './amend-rule.command';

@Controller('rules')
export class AmendRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite(':id/amend')
  amend(
    @RuleIdFromPath() ruleId: string,
    @Body(new ZodValidationPipe(AmendRuleBody, 'the amendment')) body: AmendRuleBody,
    @CommandContext() context: RuleCommandContext,
  ): Promise<WriteAnswer> {
    return this.commands.execute(new AmendRuleCommand({ ruleId, body, context }));
  }
}
