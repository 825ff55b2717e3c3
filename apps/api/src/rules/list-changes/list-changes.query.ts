import { Query } from '@nestjs/cqrs';
import { RuleChange } from '@policy/projections';

export interface ChangesBetween {
  readonly from: string;
  readonly to: string;
  readonly knownAt: string;
  readonly changes: RuleChange[];
  /** Pass as `after` for the next page; absent on the last one. */
  readonly nextCursor?: string;
}

export class ListChangesQuery extends Query<ChangesBetween> {
  constructor(
    readonly input: {
      readonly from: string;
      readonly to: string;
      readonly knownAt: string;
      readonly page: { after?: string; limit: number };
    },
  ) {
    super();
  }
}
