import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument } from './openapi';

/** `node dist/apps/api/src/docs/openapi.cli.js [file]`: writes the document the service serves at /docs-json (default ./openapi.json). */
if (require.main === module) {
  const file = resolve(process.argv[2] ?? 'openapi.json');
  writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
