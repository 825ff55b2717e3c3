import { client, h200, RunningService, startService } from './support/service';

describe('Bad input', () => {
  let service: RunningService;
  let api: ReturnType<typeof client>;
  const head = async () => (await api.get('/health')).body.components.store.headPosition;

  beforeAll(async () => {
    service = await startService();
    api = client(service.url);
    await api.post('/rules', h200('bad-input-h200'));
  });
  afterAll(() => service?.stop());

  const cases: [string, string, unknown, string][] = [
    ['malformed JSON', '/rules', '{"ruleId": "x",', 'malformed_json'],
    ['a wrong type', '/rules', { ...h200('typed'), items: 'H200' }, 'validation_failed'],
    ['an unknown field', '/rules', { ...h200('unknown'), colour: 'red' }, 'validation_failed'],
    ['a missing field', '/rules', { ...h200('missing'), title: undefined }, 'validation_failed'],
    ['a bad date', '/rules/bad-input-h200/approve', { effectiveAt: 'next tuesday' }, 'validation_failed'],
    [
      'an unknown field on a transition',
      '/rules/bad-input-h200/approve',
      { effectiveAt: '2025-12-08', approvedBy: 'me' },
      'validation_failed',
    ],
    ['an empty amendment', '/rules/bad-input-h200/amend', { effectiveAt: '2025-12-08', changes: {} }, 'validation_failed'],
    ['an oversized body', '/rules', { ...h200('huge'), title: 'x'.repeat(300 * 1024) }, 'body_too_large'],
    ['a rule id that is not a slug', '/rules/Not%20A%20Slug/approve', { effectiveAt: '2025-12-08' }, 'validation_failed'],
  ];

  it.each(cases)('answers 400 to %s and appends nothing', async (_label, path, body, code) => {
    const before = await head();
    const answer = await api.post(path, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
    expect(typeof answer.body.error.message).toBe('string');
    expect(await head()).toBe(before);
  });

  it('names each zod issue in the details', async () => {
    const answer = await api.post('/rules', { ...h200('issues'), colour: 'red', effect: 'maybe' });
    const paths = answer.body.error.details.map(
      (issue: { path: string[]; keys?: string[] }) => issue.path.join('.') || issue.keys?.join(','),
    );
    expect(paths).toEqual(expect.arrayContaining(['effect', 'colour']));
  });

  it('answers 400 to unknown or malformed query parameters', async () => {
    expect((await api.get('/rules?colour=red')).status).toBe(400);
    expect((await api.get('/rules?asOf=yesterday')).status).toBe(400);
    expect((await api.get('/rules?limit=0')).status).toBe(400);
    expect((await api.get('/events?after=-1')).status).toBe(400);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded'])('answers 415 to a %s body and appends nothing', async (type) => {
    const before = await head();
    const answer = await api.post('/rules', 'title=H200', { 'content-type': type });
    expect(answer.status).toBe(415);
    expect(answer.body.error.code).toBe('unsupported_media_type');
    expect(await head()).toBe(before);
  });
});
