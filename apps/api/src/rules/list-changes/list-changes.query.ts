import { Query } from '@nestjs/cqrs';
import { RuleChange } from '@policy/projections';

export interface ChangesBetween {
  readonly from: string;
  readonly to: string;
  readonly knownAt: string;
  readonly changes: RuleChange[];
}

export class ListChangesQuery extends Query<ChangesBetween> {
  constructor(readonly input: { readonly from: string; readonly to: string; readonly knownAt: string }) {
    super();
  }
}
