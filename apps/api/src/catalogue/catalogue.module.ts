import { Module } from '@nestjs/common';
import { ClassifyProductController } from './classify-product/classify-product.controller';
import { ClassifyProductHandler } from './classify-product/classify-product.handler';
import { ListProductsController } from './list-products/list-products.controller';
import { ListProductsHandler } from './list-products/list-products.handler';

/** The product catalogue (product to family), bitemporal like rules; screening reads it. */
@Module({
  controllers: [ClassifyProductController, ListProductsController],
  providers: [ClassifyProductHandler, ListProductsHandler],
})
export class CatalogueModule {}
