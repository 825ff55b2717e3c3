import { waitFor } from '@policy/common/testing';
import { ApiHarness, startApi } from '../../testing/api-harness';

describe('GET /catalogue/products', () => {
  let api: ApiHarness;
  let firstRecordedAt: string;
  beforeAll(async () => {
    api = await startApi();
    const first = await api.request('POST', '/catalogue/products', {
      body: { vendor: 'NVIDIA', product: 'B200', family: 'Hopper', effectiveAt: '2024-01-01' },
    });
    firstRecordedAt = first.body.recordedAt;
    // The B200 corrected to Blackwell from the same day; a later recording, so knownAt tells them apart.
    // Two recordings in one millisecond would share a recorded time.
    await waitFor('the clock to pass the first recording', () => Date.now() > Date.parse(firstRecordedAt), { intervalMs: 1 });
    await api.request('POST', '/catalogue/products', {
      body: { vendor: 'NVIDIA', product: 'B200', family: 'Blackwell', effectiveAt: '2024-01-01' },
    });
    await api.request('POST', '/catalogue/products', {
      body: { vendor: 'AMD', product: 'MI308', family: 'Instinct', effectiveAt: '2025-01-01' },
    });
  });
  afterAll(() => api.close());

  const families = async (query: string) => {
    const answer = await api.request('GET', `/catalogue/products${query}`, { key: api.keyFor('reader') });
    expect(answer.status).toBe(200);
    return answer.body.products.map((p: { product: string; family: string }) => `${p.product}:${p.family}`);
  };

  it('answers a reader with each product’s family in force now, sorted by vendor and product', async () => {
    expect(await families('')).toEqual(['MI308:Instinct', 'B200:Blackwell']);
  });

  it('answers at an earlier effective time and as known at an earlier recorded time', async () => {
    expect(await families('?asOf=2024-06-01')).toEqual(['B200:Blackwell']);
    expect(await families('?asOf=2023-06-01')).toEqual([]);
    expect(await families(`?asOf=2024-06-01&knownAt=${encodeURIComponent(firstRecordedAt)}`)).toEqual(['B200:Hopper']);
  });

  it('answers 400 to an unknown parameter or a bad time', async () => {
    for (const query of ['?consistency=replay', '?vendor=NVIDIA', '?asOf=someday']) {
      expect([query, (await api.request('GET', `/catalogue/products${query}`)).status]).toEqual([query, 400]);
    }
  });
});
