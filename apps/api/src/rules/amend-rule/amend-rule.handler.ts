import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RuleCommandService } from '../rule-command.service';
import { WriteAnswer } from '../rule-command-context';
import { AmendRuleCommand } from './amend-rule.command';

@CommandHandler(AmendRuleCommand)
export class AmendRuleHandler implements ICommandHandler<AmendRuleCommand, WriteAnswer> {
  constructor(private readonly rules: RuleCommandService) {}

  execute({ input: { ruleId, body, context } }: AmendRuleCommand): Promise<WriteAnswer> {
    return this.rules.execute(ruleId, context, (metadata) => ({ type: 'AmendRule', ruleId, data: body, metadata }));
  }
}
