import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { productsAt } from '@policy/domain';
import { ScreeningView } from '@policy/projections';
import { CatalogueAtPointInTime, ListProductsQuery } from './list-products.query';

@QueryHandler(ListProductsQuery)
export class ListProductsHandler implements IQueryHandler<ListProductsQuery, CatalogueAtPointInTime> {
  constructor(private readonly view: ScreeningView) {}

  async execute({ at }: ListProductsQuery): Promise<CatalogueAtPointInTime> {
    const products = productsAt(this.view.catalogue(), { at: at.asOf, knownAt: at.knownAt }).map(({ type: _type, ...entry }) => entry);
    return { ...at, products };
  }
}
