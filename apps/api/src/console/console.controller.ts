import { Controller, Get, Param, Res } from '@nestjs/common';
import { DomainError } from '@policy/domain';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/roles';
import { ConsoleAsset, ConsoleAssets } from './console-assets';

/**
 * Scripts only from this origin; styles too, plus the inline `style` properties the charts set;
 * nothing may frame the console. The page holds no secret, but an admin's session can write.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The console's files at /ui, public like any page's code (the data behind it needs a session).
 * Every path that is not a built file is a page of the single-page app: it gets index.html, and
 * the app's router reads the path, so a copied link opens the same view.
 */
@Controller('ui')
@Public()
export class ConsoleController {
  constructor(private readonly assets: ConsoleAssets) {}

  @Get()
  index(@Res() reply: FastifyReply): void {
    this.send(reply, this.page());
  }

  @Get('*')
  file(@Param('*') name: string, @Res() reply: FastifyReply): void {
    const asset = this.assets.find(name);
    if (!asset && name.startsWith('assets/')) throw new DomainError('not_found', 'asset_not_found', `no console asset ${name}`);
    this.send(reply, asset ?? this.page());
  }

  private page(): ConsoleAsset {
    const page = this.assets.find('index.html');
    if (!page)
      throw new DomainError('unavailable', 'console_not_built', `the console is not built (${this.assets.dir}); run "npm run build"`);
    return page;
  }

  private send(reply: FastifyReply, asset: ConsoleAsset): void {
    void reply
      .header('content-type', asset.contentType)
      .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(asset.body);
  }
}
