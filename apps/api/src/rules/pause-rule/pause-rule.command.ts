import { Command } from '@nestjs/cqrs';
import { TransitionInput, WriteAnswer } from '../rule-command-context';

export class PauseRuleCommand extends Command<WriteAnswer> {
  constructor(readonly input: TransitionInput) {
    super();
  }
}
