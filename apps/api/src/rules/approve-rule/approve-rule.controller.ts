import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TransitionBody } from '@policy/domain';
import { CommandInput } from '../../http/command-input.decorator';
import { TransitionInput, WriteAnswer } from '../rule-command-context';
import { RuleWrite } from '../rule-route.decorators';
import { ApproveRuleCommand } from './approve-rule.command';

@Controller('rules')
export class ApproveRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite(':id/approve')
  approve(@CommandInput(TransitionBody, 'the request') input: TransitionInput): Promise<WriteAnswer> {
    return this.commands.execute(new ApproveRuleCommand(input));
  }
}
