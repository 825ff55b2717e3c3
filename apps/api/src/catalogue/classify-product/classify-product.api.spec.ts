import { CATALOGUE_STREAM } from '@policy/domain';
import { ApiHarness, startApi } from '../../testing/api-harness';

describe('POST /catalogue/products', () => {
  let api: ApiHarness;
  beforeEach(async () => (api = await startApi()));
  afterEach(() => api.close());

  const b200 = { vendor: 'NVIDIA', product: 'B200', family: 'Blackwell', effectiveAt: '2024-03-18' };
  const classify = (body: unknown, key?: string) => api.request('POST', '/catalogue/products', { body, key });
  const catalogueTypes = async () => (await api.store.readStream(CATALOGUE_STREAM)).map((event) => event.type);

  it('records the classification as one event of the catalogue stream and answers 201 with it', async () => {
    const answer = await classify(b200);

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ ...b200, effectiveAt: '2024-03-18T00:00:00.000Z', position: 1 });
    const [event] = await api.store.readStream(CATALOGUE_STREAM);
    expect(event).toMatchObject({ type: 'ProductClassified', data: { ...b200, effectiveAt: '2024-03-18T00:00:00.000Z' } });
    expect(event.metadata).toMatchObject({ actor: 'key:env-admin', recordedAt: answer.body.recordedAt });
    // Read-your-writes: the catalogue lists it at once.
    expect((await api.request('GET', '/catalogue/products')).body.products).toEqual([
      { ...b200, effectiveAt: '2024-03-18T00:00:00.000Z', recordedAt: answer.body.recordedAt },
    ]);
  });

  it('records a re-classification from a later effective time', async () => {
    expect((await classify(b200)).status).toBe(201);

    const answer = await classify({ ...b200, family: 'Blackwell Ultra', effectiveAt: '2025-06-01' });

    expect(answer.status).toBe(201);
    expect(await catalogueTypes()).toEqual(['ProductClassified', 'ProductClassified']);
  });

  it('answers 409 classification_unchanged to the family a product is in already, and records nothing', async () => {
    expect((await classify(b200)).status).toBe(201);

    const answer = await classify({ ...b200, vendor: 'nvidia', family: 'BLACKWELL', effectiveAt: '2025-01-01' });

    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('classification_unchanged');
    expect(await catalogueTypes()).toEqual(['ProductClassified']);
  });

  it('answers 403 to a reader and an auditor', async () => {
    expect((await classify(b200, api.keyFor('reader'))).status).toBe(403);
    expect((await classify(b200, api.keyFor('auditor'))).status).toBe(403);
    expect(await catalogueTypes()).toEqual([]);
  });

  it.each([
    ['an unknown field', { ...b200, recordedAt: '2025-01-01' }],
    ['no family', { vendor: 'NVIDIA', product: 'B200', effectiveAt: '2024-03-18' }],
    ['a bad time', { ...b200, effectiveAt: 'spring' }],
  ])('answers 400 to %s, and records nothing', async (_case, body) => {
    const answer = await classify(body);

    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(await catalogueTypes()).toEqual([]);
  });
});
