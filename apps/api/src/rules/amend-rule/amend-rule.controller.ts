import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AmendRuleBody } from '@policy/domain';
import { CommandInput } from '../../http/command-input.decorator';
import { RuleCommandInput, WriteAnswer } from '../rule-command-context';
import { RuleWrite } from '../rule-route.decorators';
import { AmendRuleCommand } from './amend-rule.command';

@Controller('rules')
export class AmendRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite(':id/amend')
  amend(@CommandInput(AmendRuleBody, 'the amendment') input: RuleCommandInput<AmendRuleBody>): Promise<WriteAnswer> {
    return this.commands.execute(new AmendRuleCommand(input));
  }
}
