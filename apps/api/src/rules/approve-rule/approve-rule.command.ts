import { Command } from '@nestjs/cqrs';
import { TransitionBody } from '@policy/domain';
import { RuleCommandContext, WriteAnswer } from '../rule-command-context';

export class ApproveRuleCommand extends Command<WriteAnswer> {
  constructor(readonly input: { readonly ruleId: string; readonly body: TransitionBody; readonly context: RuleCommandContext }) {
    super();
  }
}
