import fs from 'node:fs';
import { ApiHarness, startApi } from '../testing/api-harness';

describe('GET /docs', () => {
  let api: ApiHarness;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());
  afterEach(() => jest.restoreAllMocks());

  it('serves the page and the contract without a key', async () => {
    const page = await api.request('GET', '/docs', { key: null });
    const contract = await api.request('GET', '/docs-json', { key: null });

    expect(page.status).toBe(200);
    expect(page.text).toContain('/docs/swagger-ui-bundle.js');
    expect(contract.status).toBe(200);
    expect(contract.body.paths['/rules']).toBeDefined();
  });

  it('reads the Swagger UI assets from disk once, not on every request', async () => {
    const reads = jest.spyOn(fs, 'readFileSync');
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await api.request('GET', '/docs/swagger-ui-bundle.js', { key: null }));
      answers.push(await api.request('GET', '/docs/swagger-ui.css', { key: null }));
    }

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers[0].headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(answers[4].text).toBe(answers[0].text);
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
  });
});
