import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RuleCommandService } from '../rule-command.service';
import { WriteAnswer } from '../rule-command-context';
import { ApproveRuleCommand } from './approve-rule.command';

@CommandHandler(ApproveRuleCommand)
export class ApproveRuleHandler implements ICommandHandler<ApproveRuleCommand, WriteAnswer> {
  constructor(private readonly rules: RuleCommandService) {}

  execute({ input: { ruleId, body, context } }: ApproveRuleCommand): Promise<WriteAnswer> {
    return this.rules.execute(ruleId, context, (metadata) => ({ type: 'ApproveRule', ruleId, data: body, metadata }));
  }
}
