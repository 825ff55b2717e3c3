import { Module } from '@nestjs/common';
import { DocsController } from './docs.controller';
import { SwaggerUiAssets } from './swagger-ui-assets';

/** The OpenAPI document and the Swagger UI that renders it. */
@Module({ controllers: [DocsController], providers: [SwaggerUiAssets] })
export class DocsModule {}
