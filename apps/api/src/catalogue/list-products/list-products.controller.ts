import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { pointInTime } from '../../rules/point-in-time';
import { PointInTimeQuery } from '../../rules/rule-queries.schemas';
import { CatalogueAtPointInTime, ListProductsQuery } from './list-products.query';

/** `asOf` and `knownAt`, nothing else. */
const CatalogueQuery = PointInTimeQuery.omit({ consistency: true });

@Controller('catalogue/products')
export class ListProductsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(
    @Query(new ZodValidationPipe(CatalogueQuery, 'the query')) query: { asOf?: string; knownAt?: string },
  ): Promise<CatalogueAtPointInTime> {
    return this.queries.execute(new ListProductsQuery(pointInTime(query)));
  }
}
