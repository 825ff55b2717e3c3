import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from './openapi';

const CLIENT_DIR = join(__dirname, '..', '..', '..', '..', 'clients', 'typescript');

describe('the shipped OpenAPI document', () => {
  it('is the one the service serves, so the typed client generated from it is current', () => {
    const shipped = JSON.parse(readFileSync(join(CLIENT_DIR, 'openapi.json'), 'utf8'));
    // On failure: npm run client (writes openapi.json, then generates policy-ledger.d.ts from it).
    expect(shipped).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('has its generated types beside it, one operation type per operationId', () => {
    const types = readFileSync(join(CLIENT_DIR, 'policy-ledger.d.ts'), 'utf8');
    const operationIds = Object.values(openApiDocument().paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));

    expect(operationIds.filter((id) => !types.includes(`    ${id}: {`))).toEqual([]);
  });
});
