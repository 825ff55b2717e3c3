import { waitFor } from '@policy/common/testing';
import { AddressInfo } from 'node:net';
import { ApiAnswer, ApiHarness, startApi } from '../testing/api-harness';
import { OpenApiResponses } from '../testing/openapi-responses';
import { proposalBody, RULE_ID } from '../testing/rule-commands.fixtures';
import { line, recordHumainEvaluation, recordScreeningHistory } from '../testing/screening.fixtures';

/** Fastify's `/rules/:id` and `/ui/*` as OpenAPI writes them. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}').replace(/\/\*$/, '/{path}');

/** Opens the feed on a real socket: its answer never ends, so only its head is read. */
const feedHead = async (api: ApiHarness, key: string): Promise<ApiAnswer> => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const abort = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/events/stream`, {
    headers: { authorization: `Bearer ${key}` },
    signal: abort.signal,
  });
  abort.abort();
  return {
    status: response.status,
    headers: { 'content-type': response.headers.get('content-type') ?? undefined },
    body: undefined,
    text: '',
  };
};

const at = (effectiveAt: string) => ({ effectiveAt, sources: [] });

/** The tree size a signed note commits to: the checkpoint body's second line. */
const noteSize = (note: string): number => Number(note.split('\n')[1] ?? Number.NaN);

/**
 * The latest checkpoint once it covers `leaves` leaves (the ledger signs at most a second after
 * the log grows, so the first note may still be of an emptier tree than the log holds).
 */
const signedCheckpoint = async (api: ApiHarness, leaves = 0): Promise<ApiAnswer> => {
  let answer = await api.request('GET', '/ledger/checkpoint');
  const covers = (candidate: ApiAnswer) => candidate.status === 200 && noteSize(candidate.text) >= leaves;
  await waitFor(
    `a signed checkpoint of at least ${leaves} leaves`,
    async () => covers((answer = await api.request('GET', '/ledger/checkpoint'))),
    {
      timeoutMs: 20_000,
    },
  );
  return answer;
};

type Exercise = (api: ApiHarness, ids: { evaluationId: string; reader: string; auditor: string }) => Promise<ApiAnswer[]>;

/** Real requests for every operation: its usual answer and the refusals it documents. */
const exercises: Record<string, Exercise> = {
  proposeRule: async (api) => [
    await api.request('POST', '/rules', { body: proposalBody('contract-rule') }),
    await api.request('POST', '/rules', { body: { title: 1 } }),
    await api.request('POST', '/rules', { body: 'x', headers: { 'content-type': 'text/plain' } }),
  ],
  listRules: async (api) => [
    await api.request('GET', '/rules'),
    await api.request('GET', '/rules?limit=0'),
    await api.request('GET', '/rules', { key: null }),
  ],
  getRule: async (api) => [
    await api.request('GET', `/rules/${RULE_ID}`),
    await api.request('GET', `/rules/${RULE_ID}?consistency=replay`),
    await api.request('GET', '/rules/no-such-rule'),
  ],
  getRuleHistory: async (api) => [
    await api.request('GET', `/rules/${RULE_ID}/history`),
    await api.request('GET', '/rules/no-such-rule/history'),
  ],
  pauseRule: async (api, { reader }) => [
    await api.request('POST', `/rules/${RULE_ID}/pause`, { body: at('2026-01-01'), headers: { 'if-match': '"99"' } }),
    await api.request('POST', `/rules/${RULE_ID}/pause`, { body: at('2026-01-01'), key: reader }),
    await api.request('POST', `/rules/${RULE_ID}/pause`, { body: at('2026-01-01') }),
  ],
  approveRule: async (api) => [
    await api.request('POST', '/rules/no-such-rule/approve', { body: at('2026-01-01') }),
    await api.request('POST', `/rules/${RULE_ID}/approve`, { body: at('2026-01-02') }),
  ],
  amendRule: async (api) => [
    await api.request('POST', `/rules/${RULE_ID}/amend`, { body: { ...at('2026-01-03'), changes: { title: 'H200 to China, amended' } } }),
  ],
  rescindRule: async (api) => [
    await api.request('POST', '/rules/contract-rule/rescind', { body: at('2026-02-01') }),
    await api.request('POST', '/rules/contract-rule/rescind', { body: at('2026-03-01') }),
  ],
  listChanges: async (api) => [await api.request('GET', '/changes?from=2025-01-01&to=2026-01-01'), await api.request('GET', '/changes')],
  evaluate: async (api) => [
    await api.request('POST', '/evaluations', { body: { at: '2025-12-10', lines: [line({ product: 'B200' }, 'CN')] } }),
    await api.request('POST', '/evaluations', { body: { lines: [] } }),
  ],
  listAffectedEvaluations: async (api, { reader }) => [
    await api.request('GET', '/evaluations?affectedSince=1'),
    await api.request('GET', '/evaluations?affectedSince=1', { key: reader }),
  ],
  getEvaluation: async (api, { evaluationId }) => [
    await api.request('GET', `/evaluations/${evaluationId}`),
    await api.request('GET', '/evaluations/no-such-evaluation'),
  ],
  recheckEvaluation: async (api, { evaluationId }) => [await api.request('GET', `/evaluations/${evaluationId}/recheck`)],
  classifyProduct: async (api) => [
    await api.request('POST', '/catalogue/products', {
      body: { vendor: 'NVIDIA', product: 'B300', family: 'Blackwell', effectiveAt: '2025-01-01' },
    }),
  ],
  listProducts: async (api) => [await api.request('GET', '/catalogue/products')],
  listEvents: async (api, { auditor, reader }) => [
    await api.request('GET', '/events?limit=2', { key: auditor }),
    await api.request('GET', '/events', { key: reader }),
  ],
  streamEvents: async (api, { reader }) => [await feedHead(api, reader), await api.request('GET', '/events/stream?after=x')],
  signIn: async (api, { reader }) => [
    await api.request('POST', '/session', { key: null, body: { key: reader } }),
    await api.request('POST', '/session', { key: null, body: { key: 'wrong' } }),
  ],
  whoAmI: async (api) => [await api.request('GET', '/session')],
  signOut: async (api) => [await api.request('DELETE', '/session', { key: null })],
  getHealth: async (api) => [await api.request('GET', '/health', { key: null })],
  getLiveness: async (api) => [await api.request('GET', '/health/live', { key: null })],
  getReadiness: async (api) => [await api.request('GET', '/health/ready', { key: null })],
  getLedgerKey: async (api) => [await api.request('GET', '/ledger/key'), await api.request('GET', '/ledger/key', { key: null })],
  getLedgerCheckpoint: async (api) => [await signedCheckpoint(api)],
  listLedgerEntries: async (api) => [
    await api.request('GET', '/ledger/entries?from=0&limit=2'),
    await api.request('GET', '/ledger/entries?limit=0'),
  ],
  getLedgerInclusionProof: async (api) => {
    await signedCheckpoint(api, 1);
    return [
      await api.request('GET', '/ledger/proofs/inclusion?position=1'),
      await api.request('GET', '/ledger/proofs/inclusion?position=999999&treeSize=1'),
      await api.request('GET', '/ledger/proofs/inclusion?position=x'),
    ];
  },
  getLedgerConsistencyProof: async (api) => {
    await signedCheckpoint(api, 1);
    return [
      await api.request('GET', '/ledger/proofs/consistency?from=1'),
      await api.request('GET', '/ledger/proofs/consistency?from=5&to=2'),
    ];
  },
  getMetrics: async (api) => [await api.request('GET', '/metrics'), await api.request('GET', '/metrics', { key: null })],
  getMessageSchemas: async (api) => [await api.request('GET', '/schemas', { key: null })],
  getOpenApi: async (api) => [await api.request('GET', '/docs-json', { key: null })],
  getApiPage: async (api) => [await api.request('GET', '/docs', { key: null })],
  getSwaggerUiStyles: async (api) => [await api.request('GET', '/docs/swagger-ui.css', { key: null })],
  getSwaggerUiScript: async (api) => [await api.request('GET', '/docs/swagger-ui-bundle.js', { key: null })],
  getConsole: async (api) => [await api.request('GET', '/ui', { key: null })],
  getConsoleFile: async (api) => [
    await api.request('GET', '/ui/rules/h200', { key: null }),
    await api.request('GET', '/ui/assets/none.js', { key: null }),
  ],
};

describe('the OpenAPI document', () => {
  let api: ApiHarness;
  let contract: OpenApiResponses;
  let ids: Parameters<Exercise>[1];

  beforeAll(async () => {
    api = await startApi();
    await recordScreeningHistory(api);
    await api.request('POST', '/rules', { body: proposalBody() });
    const { evaluationId } = await recordHumainEvaluation(api);
    ids = { evaluationId, reader: api.keyFor('reader'), auditor: api.keyFor('auditor') };
    contract = await OpenApiResponses.of((await api.request('GET', '/docs-json', { key: null })).body);
  });
  afterAll(() => api?.close());

  it('is valid OpenAPI 3.1, with servers, a licence and an operationId on every operation', () => {
    const document = contract.document as unknown as { openapi: string; servers: unknown[]; info: { license: { name: string } } };
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers.length).toBeGreaterThan(0);
    expect(document.info.license.name).toMatch(/\S/);
    expect(new Set(contract.operationIds()).size).toBe(Object.values(contract.document.paths).flatMap(Object.values).length);
  });

  it('catches an answer outside the contract: an empty body, an undocumented status, another content type', () => {
    const answer = (status: number, body: unknown, type = 'application/json') => ({
      status,
      headers: { 'content-type': type },
      body,
      text: JSON.stringify(body),
    });

    expect(contract.problems('getRule', answer(200, {}))).not.toEqual([]);
    expect(contract.problems('getRule', answer(409, { error: { code: 'x', message: 'y' } }))).not.toEqual([]);
    expect(contract.problems('getMetrics', answer(200, {}, 'application/json'))).not.toEqual([]);
  });

  it('documents every route the app serves, and no route it does not serve', () => {
    const served = api.routes.filter((route) => route.method !== 'HEAD').map((route) => `${route.method} ${openApiPath(route.url)}`);
    const documented = Object.entries(contract.document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );

    expect([...new Set(served)].sort()).toEqual(documented.sort());
  });

  it('has an exercise of every operation in this spec', () => {
    expect(Object.keys(exercises).sort()).toEqual(contract.operationIds().sort());
  });

  it.each(Object.keys(exercises))('%s answers within its contract', async (operationId) => {
    const answers = await exercises[operationId](api, ids);

    expect(answers.flatMap((answer) => contract.problems(operationId, answer))).toEqual([]);
    // Each exercise shows the operation's usual answer, not only its refusals.
    expect(answers.some((answer) => answer.status < 300)).toBe(true);
  });
});
