import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RuleCommandService } from '../rule-command.service';
import { WriteAnswer } from '../rule-command-context';
import { PauseRuleCommand } from './pause-rule.command';

@CommandHandler(PauseRuleCommand)
export class PauseRuleHandler implements ICommandHandler<PauseRuleCommand, WriteAnswer> {
  constructor(private readonly rules: RuleCommandService) {}

  execute({ input: { ruleId, body, context } }: PauseRuleCommand): Promise<WriteAnswer> {
    return this.rules.execute(ruleId, context, (metadata) => ({ type: 'PauseRule', ruleId, data: body, metadata }));
  }
}
