import { Injectable } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';

export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** Vite names built assets by their content hash, so they may be cached for good. */
  readonly immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** The project root: the nearest folder above this file holding package.json (from src/ in tests, dist/ when built). */
const projectRoot = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
};

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/**
 * The console as Vite built it (`dist/console`), read once into memory: a few hundred
 * kilobytes, and a fixed set of names, so no request path ever reaches the file system.
 */
@Injectable()
export class ConsoleAssets {
  readonly dir = join(projectRoot(__dirname), 'dist', 'console');
  private assets?: Map<string, ConsoleAsset>;

  /** The asset at `path` (relative to /ui/), or undefined; undefined for everything when the console was not built. */
  find(path: string): ConsoleAsset | undefined {
    return this.load().get(path);
  }

  get built(): boolean {
    return this.load().has('index.html');
  }

  private load(): Map<string, ConsoleAsset> {
    if (this.assets) return this.assets;
    const assets = new Map<string, ConsoleAsset>();
    if (existsSync(this.dir)) {
      for (const file of filesUnder(this.dir)) {
        const path = relative(this.dir, file).split(sep).join('/');
        assets.set(path, {
          body: readFileSync(file),
          contentType: TYPES[extname(file)] ?? 'application/octet-stream',
          immutable: path.startsWith('assets/'),
        });
      }
    }
    return (this.assets = assets);
  }
}
