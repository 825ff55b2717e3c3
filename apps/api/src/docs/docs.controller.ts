import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/roles';
import { openApiDocument } from './openapi';
import { SwaggerUiAssets } from './swagger-ui-assets';

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>Policy Ledger API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/docs-json', dom_id: '#ui', persistAuthorization: true });</script>
</body></html>`;

/** The API contract, public like the code it documents (no data behind it). */
@Controller()
@Public()
export class DocsController {
  private readonly document = openApiDocument();

  constructor(private readonly assets: SwaggerUiAssets) {}

  @Get('docs-json')
  json() {
    return this.document;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  html(): string {
    return page;
  }

  @Get('docs/swagger-ui.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=86400')
  css(): string {
    return this.assets.css;
  }

  @Get('docs/swagger-ui-bundle.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=86400')
  js(): string {
    return this.assets.js;
  }
}
