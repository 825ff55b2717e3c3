import { errors, RouteContract, requestBodyOf } from './contract';
import { ROUTE_CONTRACTS } from './contracts';

const operation = (contract: RouteContract) => ({
  operationId: contract.operationId,
  summary: contract.summary,
  ...(contract.description ? { description: contract.description } : {}),
  tags: contract.tags,
  ...(contract.public ? { security: [] } : {}),
  ...(contract.parameters?.length ? { parameters: contract.parameters } : {}),
  ...(contract.requestBody ? { requestBody: requestBodyOf(contract.requestBody) } : {}),
  // Until start-up is done, every route but /health* answers 503 `starting` (apps/api/src/startup/startup-gate.ts).
  responses: contract.path.startsWith('/health') ? contract.responses : { ...errors('503'), ...contract.responses },
});

const pathsOf = (contracts: readonly RouteContract[]) => {
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const contract of contracts) (paths[contract.path] ??= {})[contract.method] = operation(contract);
  return paths;
};

/**
 * The OpenAPI document: every route's contract (docs/contracts.ts), its request schemas from
 * the zod schemas the controllers parse with, its answers from those they answer with.
 */
export const openApiDocument = (contracts: readonly RouteContract[] = ROUTE_CONTRACTS) => ({
  openapi: '3.1.0',
  info: {
    title: 'Policy Ledger',
    version: '1',
    description:
      'Export-control rules on advanced AI chips, recorded as events. `asOf` is effective time (what was in force), ' +
      '`knownAt` is recorded time (what our records said). Errors are `{ error: { code, message, details? } }`.',
    license: { name: 'Proprietary: no licence is granted (package.json: UNLICENSED)', identifier: 'LicenseRef-Proprietary' },
  },
  servers: [{ url: '/', description: 'the service that serves this document' }],
  security: [{ bearer: [] }, { session: [] }],
  tags: [...new Set(contracts.flatMap((contract) => contract.tags))].map((name) => ({ name })),
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description:
          'an API key (POLICY_ADMIN_KEY or one made with `npm run keys`), or, where OIDC is configured, a JWT access token from the issuer',
      },
      session: { type: 'apiKey', in: 'cookie', name: 'policy_session', description: 'the console session cookie from POST /session' },
    },
  },
  paths: pathsOf(contracts),
});
