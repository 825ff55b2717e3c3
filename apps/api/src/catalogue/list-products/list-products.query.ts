import { Query } from '@nestjs/cqrs';
import { PointInTime, ProductClassified } from '@policy/domain';

/** The catalogue at a point in both clocks: each product's family in force then. */
export interface CatalogueAtPointInTime {
  readonly asOf: string;
  readonly knownAt: string;
  readonly products: readonly Omit<ProductClassified, 'type'>[];
}

export class ListProductsQuery extends Query<CatalogueAtPointInTime> {
  constructor(readonly at: PointInTime) {
    super();
  }
}
