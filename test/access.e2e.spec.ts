import { client, h200, keysCli, newDataDir, RunningService, startService } from './support/service';

const keyFrom = (output: string): string => /(pl_[A-Za-z0-9_-]{43})/.exec(output)![1];

describe('Access', () => {
  let service: RunningService;
  let keys: Record<'reader' | 'auditor' | 'admin', string>;

  beforeAll(async () => {
    const dataDir = newDataDir();
    keys = {
      reader: keyFrom(keysCli(dataDir, 'create', '--role', 'reader', '--name', 'dashboard')),
      auditor: keyFrom(keysCli(dataDir, 'create', '--role', 'auditor', '--name', 'audit-team')),
      admin: keyFrom(keysCli(dataDir, 'create', '--role', 'admin', '--name', 'analyst')),
    };
    service = await startService({ dataDir, env: { POLICY_ADMIN_KEY: undefined } });
  });
  afterAll(() => service?.stop());

  it('answers 401 without a key or with an unknown one, on every route but /health and the docs', async () => {
    for (const path of ['/rules', '/rules/x', '/events', '/changes?from=2025-01-01&to=2025-02-01', '/metrics', '/events/stream']) {
      expect([path, (await client(service.url, undefined).get(path)).status]).toEqual([path, 401]);
      expect([path, (await client(service.url, 'pl_not-a-key').get(path)).status]).toEqual([path, 401]);
    }
    expect((await client(service.url, undefined).post('/rules', h200('anon'))).status).toBe(401);
    expect((await client(service.url, undefined).get('/health')).status).toBe(200);
  });

  it('lets each role do what it may and answers 403 otherwise', async () => {
    const as = (role: keyof typeof keys) => client(service.url, keys[role]);
    expect((await as('reader').post('/rules', h200('reader-h200'))).status).toBe(403);
    expect((await as('auditor').post('/rules', h200('auditor-h200'))).status).toBe(403);
    expect((await as('admin').post('/rules', h200('admin-h200'))).status).toBe(201);
    expect((await as('reader').get('/rules/admin-h200')).status).toBe(200);
    const forbidden = await as('reader').get('/events');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toMatch(/auditor/);
    expect((await as('auditor').get('/events')).status).toBe(200);
    expect((await as('admin').get('/events')).status).toBe(200);
  });

  it('records the acting key’s name on each event, never the key', async () => {
    await client(service.url, keys.admin).post('/rules/admin-h200/approve', { effectiveAt: '2025-12-08' });
    const history = await client(service.url, keys.auditor).get('/rules/admin-h200/history');
    expect(history.body.events.map((e: { actor: string }) => e.actor)).toEqual(['key:analyst', 'key:analyst']);
    expect(JSON.stringify(history.body)).not.toContain(keys.admin);
  });

  it('stops accepting a revoked key', async () => {
    keysCli(service.dataDir, 'revoke', '--name', 'dashboard');
    expect((await client(service.url, keys.reader).get('/rules')).status).toBe(401);
  });

  it('generates and prints an admin key once on a first start with no key configured', async () => {
    const dataDir = newDataDir();
    const first = await startService({ dataDir, env: { POLICY_ADMIN_KEY: undefined } });
    const key = keyFrom(first.output());
    expect((await client(first.url, key).post('/rules', h200('bootstrap-h200'))).status).toBe(201);
    await first.stop();
    const second = await startService({ dataDir, env: { POLICY_ADMIN_KEY: undefined } });
    expect(second.output()).not.toMatch(/pl_[A-Za-z0-9_-]{43}/);
    expect((await client(second.url, key).get('/rules/bootstrap-h200')).status).toBe(200);
    await second.stop();
  });
});
