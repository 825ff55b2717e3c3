import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TransitionBody } from '@policy/domain';
import { CommandInput } from '../../http/command-input.decorator';
import { TransitionInput, WriteAnswer } from '../rule-command-context';
import { RuleWrite } from '../rule-route.decorators';
import { RescindRuleCommand } from './rescind-rule.command';

@Controller('rules')
export class RescindRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite(':id/rescind')
  rescind(@CommandInput(TransitionBody, 'the request') input: TransitionInput): Promise<WriteAnswer> {
    return this.commands.execute(new RescindRuleCommand(input));
  }
}
