import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Swagger UI's stylesheet and script from the swagger-ui-dist package, so the page works
 * offline. Each is read from disk on its first request and kept: they never change while the
 * service runs, and the script is about a megabyte and a half.
 */
@Injectable()
export class SwaggerUiAssets {
  private readonly dir = dirname(require.resolve('swagger-ui-dist/package.json'));
  private cssText?: string;
  private jsText?: string;

  get css(): string {
    return (this.cssText ??= readFileSync(join(this.dir, 'swagger-ui.css'), 'utf8'));
  }

  get js(): string {
    return (this.jsText ??= readFileSync(join(this.dir, 'swagger-ui-bundle.js'), 'utf8'));
  }
}
