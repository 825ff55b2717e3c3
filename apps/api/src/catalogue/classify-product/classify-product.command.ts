import { Command } from '@nestjs/cqrs';
import { ClassifyProductBody } from '@policy/domain';
import { RuleCommandContext } from '../../rules/rule-command-context';

/** What `POST /catalogue/products` answers: the classification as recorded, and where it landed. */
export interface ClassificationAnswer {
  readonly vendor: string;
  readonly product: string;
  readonly family: string;
  readonly effectiveAt: string;
  readonly recordedAt: string;
  readonly position: number;
}

export class ClassifyProductCommand extends Command<ClassificationAnswer> {
  constructor(readonly input: { readonly body: ClassifyProductBody; readonly context: RuleCommandContext }) {
    super();
  }
}
