import { Command } from '@nestjs/cqrs';
import { AmendRuleBody } from '@policy/domain';
import { RuleCommandInput, WriteAnswer } from '../rule-command-context';

export class AmendRuleCommand extends Command<WriteAnswer> {
  constructor(readonly input: RuleCommandInput<AmendRuleBody>) {
    super();
  }
}
