import { Command } from '@nestjs/cqrs';
import { TransitionInput, WriteAnswer } from '../rule-command-context';

export class ApproveRuleCommand extends Command<WriteAnswer> {
  constructor(readonly input: TransitionInput) {
    super();
  }
}
