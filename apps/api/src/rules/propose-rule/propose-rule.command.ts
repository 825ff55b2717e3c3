import { Command } from '@nestjs/cqrs';
import { ProposeRuleBody } from '@policy/domain';
import { RuleCommandContext, WriteAnswer } from '../rule-command-context';

export class ProposeRuleCommand extends Command<WriteAnswer> {
  constructor(readonly input: { readonly body: ProposeRuleBody; readonly context: RuleCommandContext }) {
    super();
  }
}
