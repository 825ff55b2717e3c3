import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TransitionBody } from '@policy/domain';
import { CommandInput } from '../../http/command-input.decorator';
import { TransitionInput, WriteAnswer } from '../rule-command-context';
import { RuleWrite } from '../rule-route.decorators';
import { PauseRuleCommand } from './pause-rule.command';

@Controller('rules')
export class PauseRuleController {
  constructor(private readonly commands: CommandBus) {}

  @RuleWrite(':id/pause')
  pause(@CommandInput(TransitionBody, 'the request') input: TransitionInput): Promise<WriteAnswer> {
    return this.commands.execute(new PauseRuleCommand(input));
  }
}
