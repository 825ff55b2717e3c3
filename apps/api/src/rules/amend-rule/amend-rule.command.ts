import { Command } from '@nestjs/cqrs';
import { AmendRuleBody } from '@policy/domain';
import { RuleCommandContext, WriteAnswer } from '../rule-command-context';

export class AmendRuleCommand extends Command<WriteAnswer> {
  constructor(readonly input: { readonly ruleId: string; readonly body: AmendRuleBody; readonly context: RuleCommandContext }) {
    super();
  }
}
