import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RuleCommandService } from '../rule-command.service';
import { WriteAnswer } from '../rule-command-context';
import { RescindRuleCommand } from './rescind-rule.command';

@CommandHandler(RescindRuleCommand)
export class RescindRuleHandler implements ICommandHandler<RescindRuleCommand, WriteAnswer> {
  constructor(private readonly rules: RuleCommandService) {}

  execute({ input: { ruleId, body, context } }: RescindRuleCommand): Promise<WriteAnswer> {
    return this.rules.execute(ruleId, context, (metadata) => ({ type: 'RescindRule', ruleId, data: body, metadata }));
  }
}
