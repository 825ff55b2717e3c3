import { Command } from '@nestjs/cqrs';
import { ProposeRuleBody } from '@policy/domain';
import { RuleCommandInput, WriteAnswer } from '../rule-command-context';

export class ProposeRuleCommand extends Command<WriteAnswer> {
  /** A proposal names its rule in the body, if at all (see the handler). */
  constructor(readonly input: Omit<RuleCommandInput<ProposeRuleBody>, 'ruleId'>) {
    super();
  }
}
