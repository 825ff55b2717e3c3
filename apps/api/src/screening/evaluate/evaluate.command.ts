import { Command } from '@nestjs/cqrs';
import { EvaluationAnswer, EvaluationRequest } from '@policy/domain';
import { RuleCommandContext } from '../../rules/rule-command-context';

/** A screening question; with `record: true` it and its answer are kept as an event. */
export class EvaluateCommand extends Command<EvaluationAnswer> {
  constructor(readonly input: { readonly body: EvaluationRequest; readonly context: RuleCommandContext }) {
    super();
  }
}
