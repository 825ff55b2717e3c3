import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The console is built into dist/console, which the api serves at /ui (same origin, no second server).
export default defineConfig({
  root: here('.'),
  base: '/ui/',
  resolve: {
    alias: {
      '@policy/domain': here('../../libs/domain/src/index.ts'),
      '@policy/ledger/browser': here('../../libs/ledger/src/browser.ts'),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: here('../../dist/console'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  logLevel: 'warn',
});
