import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore } from '../api-key.store';
import { ADMIN_KEY } from '../../testing/api-harness';
import { useApi } from '../../testing/api-lifecycle';
import { propose, RULE_ID } from '../../testing/rule-commands.fixtures';
import { SessionStore } from './session.store';

/** inject's requests name this host, so this is the service's own origin in these cases. */
const OWN_ORIGIN = 'http://localhost:80';

describe('Console sessions: POST, GET and DELETE /session, the cookie on every route', () => {
  const api = useApi('each', [propose(RULE_ID, '2025-11-24')]);
  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, body?: object) =>
    api().app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body }) });
  const signIn = async (key = ADMIN_KEY) => {
    const answer = await inject('POST', '/session', {}, { key });
    expect(answer.statusCode).toBe(201);
    const setCookie = String(answer.headers['set-cookie']);
    return { setCookie, cookie: setCookie.split(';')[0], body: answer.json() };
  };
  const logLength = async () => (await api().request('GET', '/events?limit=1000')).body.events.length;

  it('trades a key for an HttpOnly, SameSite=Strict cookie accepted on every route', async () => {
    const { setCookie, cookie, body } = await signIn();

    expect(setCookie).toMatch(/^policy_session=[\w-]{43}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(body).toMatchObject({ name: 'env-admin', role: 'admin' });
    const who = await inject('GET', '/session', { cookie });
    expect(who.json()).toEqual({ name: 'env-admin', role: 'admin' });
    expect((await inject('GET', `/rules/${RULE_ID}`, { cookie })).statusCode).toBe(200);
  });

  it('refuses an unknown key with 401, and a sign-in sent from another site with 403; neither sets a cookie', async () => {
    const unknown = await inject('POST', '/session', {}, { key: 'not-a-key-at-all' });
    const foreign = await inject('POST', '/session', { origin: 'https://evil.example' }, { key: ADMIN_KEY });

    expect(unknown.statusCode).toBe(401);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['set-cookie']).toBeUndefined();
    expect((await inject('POST', '/session', { origin: OWN_ORIGIN }, { key: ADMIN_KEY })).statusCode).toBe(201);
  });

  it('refuses a cookie-carried write from another origin or none with 403, appending nothing; our own origin passes', async () => {
    const { cookie } = await signIn();
    const before = await logLength();
    const approve = (headers: Record<string, string>) =>
      inject('POST', `/rules/${RULE_ID}/approve`, { cookie, ...headers }, { effectiveAt: '2025-12-08' });

    const foreign = await approve({ origin: 'https://evil.example' });
    const unnamed = await approve({});

    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.message).toContain(OWN_ORIGIN);
    expect(unnamed.statusCode).toBe(403);
    expect(await logLength()).toBe(before);
    const own = await approve({ origin: OWN_ORIGIN });
    expect(own.statusCode).toBe(200);
    expect(own.json().state.status).toBe('approved');
  });

  it('signs out: the cookie is cleared and the session no longer opens anything', async () => {
    const { cookie } = await signIn();

    const out = await inject('DELETE', '/session', { cookie, origin: OWN_ORIGIN });

    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^policy_session=; Max-Age=0;/);
    const after = await inject('GET', '/rules', { cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/sign in again/);
  });

  it('dies with its key: a revoked key closes the sessions it opened, and its role is read afresh', async () => {
    const keys = api().app.get(ApiKeyStore);
    const { key } = keys.create('console-reader', 'reader');
    const { cookie } = await signIn(key);
    expect(
      (await inject('POST', `/rules/${RULE_ID}/pause`, { cookie, origin: OWN_ORIGIN }, { effectiveAt: '2025-12-08' })).statusCode,
    ).toBe(403);

    keys.revoke('console-reader');

    expect((await inject('GET', '/rules', { cookie })).statusCode).toBe(401);
  });
});

describe('SessionStore', () => {
  it('forgets a session once its time is up, and never finds one it did not open', () => {
    const store = new SessionStore(mkdtempSync(join(tmpdir(), 'policy-sessions-')));
    const { id, expiresAt } = store.open('key-hash', 1_000, 60_000);

    expect(expiresAt).toBe(61_000);
    expect(store.find(id, 60_999)).toEqual({ keyHash: 'key-hash', expiresAt: 61_000 });
    expect(store.find(id, 61_000)).toBeUndefined();
    expect(store.find(id, 1_000)).toBeUndefined();
    expect(store.find('another-id', 1_000)).toBeUndefined();
    store.shutdown();
  });

  it('keeps only the hash of a session id on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-sessions-'));
    const store = new SessionStore(dir);
    const { id } = store.open('key-hash', 1_000, 60_000);
    store.shutdown();

    const written = ['sessions.sqlite', 'sessions.sqlite-wal']
      .map((name) => readFileSync(join(dir, name), { flag: 'a+' }).toString('latin1'))
      .join('');

    expect(written).toContain('key-hash');
    expect(written).not.toContain(id);
  });
});
