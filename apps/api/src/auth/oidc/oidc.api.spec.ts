import { SignJWT } from 'jose';
import { ApiHarness, startApi } from '../../testing/api-harness';
import { proposalBody } from '../../testing/rule-commands.fixtures';
import { TestIssuer } from '../../testing/test-issuer';

const AUDIENCE = 'policy-ledger-api';
const minutes = (n: number) => Math.floor(Date.now() / 1000) + n * 60;
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('OIDC bearer tokens', () => {
  let issuer: TestIssuer;
  let api: ApiHarness;
  let key: Awaited<ReturnType<TestIssuer['key']>>;
  let host: string;

  const as = (token: string) => ({ key: token });
  const reader = (claims: object = {}) => issuer.sign(key, { sub: 'alice', aud: AUDIENCE, groups: ['ledger-readers'], ...claims });

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    host = new URL(issuer.url).host;
    key = await issuer.key('key-1');
    api = await startApi({
      env: {
        POLICY_OIDC_ISSUER: issuer.url,
        POLICY_OIDC_AUDIENCE: AUDIENCE,
        POLICY_OIDC_ROLES_CLAIM: 'groups',
        POLICY_OIDC_ROLE_MAP: 'ledger-admins=admin,ledger-auditors=auditor,ledger-readers=reader',
        // A rotation is picked up at the next unknown kid, with no wait between fetches.
        POLICY_OIDC_JWKS_COOLDOWN_S: '0',
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await issuer?.close();
  });

  describe('when the token is valid', () => {
    it('lets its subject in with the role its groups map to, found through discovery', async () => {
      const token = await reader();
      const rules = await api.request('GET', '/rules', as(token));
      const me = await api.request('GET', '/session', as(token));

      expect(rules.status).toBe(200);
      expect(me.body).toEqual({ name: `oidc:${host}:alice`, role: 'reader' });
    });

    it('records the subject as oidc:<issuer host>:<sub> on the events it causes', async () => {
      const token = await issuer.sign(key, { sub: 'bob', aud: AUDIENCE, groups: ['ledger-readers', 'ledger-admins'] });
      const proposed = await api.request('POST', '/rules', { ...as(token), body: proposalBody('oidc-rule') });

      expect(proposed.status).toBe(201);
      expect((await api.streamOf('oidc-rule'))[0].metadata).toMatchObject({ actor: `oidc:${host}:bob` });
    });

    it('accepts a token that expired within the allowed clock skew (30 s)', async () => {
      expect((await api.request('GET', '/rules', as(await reader({ exp: minutes(0) - 10 })))).status).toBe(200);
    });

    it('keeps the keys: many tokens, one JWKS fetch until an unknown kid', async () => {
      const before = issuer.jwksFetches;
      for (let i = 0; i < 5; i++) expect((await api.request('GET', '/rules', as(await reader()))).status).toBe(200);

      expect(issuer.jwksFetches).toBe(before);
    });

    it('fetches the JWKS again for a kid it does not know, and accepts a key the issuer rotated in', async () => {
      const rotated = await issuer.key('key-2');
      const before = issuer.jwksFetches;
      const token = await issuer.sign(rotated, { sub: 'carol', aud: AUDIENCE, groups: ['ledger-auditors'] });

      expect((await api.request('GET', '/events', as(token))).status).toBe(200);
      expect(issuer.jwksFetches).toBe(before + 1);
    });
  });

  describe('when the token is not acceptable', () => {
    it.each([
      ['expired', () => reader({ exp: minutes(-10), iat: minutes(-20) })],
      ['not yet valid', () => reader({ nbf: minutes(10) })],
      ['for another audience', () => reader({ aud: 'another-api' })],
      ['from another issuer', () => reader({ iss: 'https://issuer.example' })],
      ['without a subject', () => reader({ sub: undefined })],
    ])('answers 401 to a token %s and changes nothing', async (_case, token) => {
      const answer = await api.request('POST', '/rules', { ...as(await token()), body: proposalBody('refused-rule') });

      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(await api.streamOf('refused-rule')).toEqual([]);
    });

    it('answers 401 to a token signed by a key the issuer never published', async () => {
      const stranger = await issuer.key('key-unknown', false);

      expect(
        (await api.request('GET', '/rules', as(await issuer.sign(stranger, { sub: 'mallory', aud: AUDIENCE, groups: ['ledger-admins'] }))))
          .status,
      ).toBe(401);
    });

    it('answers 401 to an unsigned token (alg: none)', async () => {
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ iss: issuer.url, aud: AUDIENCE, sub: 'mallory', exp: minutes(5), groups: ['ledger-admins'] })}.`;

      expect((await api.request('GET', '/rules', as(unsigned))).status).toBe(401);
    });

    it('answers 401 to a token signed HS256 with the public key as the secret', async () => {
      const secret = new TextEncoder().encode(await issuer.publicPem(key));
      const forged = await new SignJWT({ iss: issuer.url, aud: AUDIENCE, sub: 'mallory', groups: ['ledger-admins'] })
        .setProtectedHeader({ alg: 'HS256', kid: key.kid })
        .setExpirationTime('5m')
        .sign(secret);

      expect((await api.request('GET', '/rules', as(forged))).status).toBe(401);
    });

    it('answers 403 to a valid token whose roles claim maps to no role', async () => {
      const answer = await api.request('GET', '/rules', as(await reader({ groups: ['marketing'] })));
      const none = await api.request('GET', '/rules', as(await issuer.sign(key, { sub: 'dave', aud: AUDIENCE })));

      expect([answer.status, none.status]).toEqual([403, 403]);
      expect(none.body.error.message).toContain('groups');
    });

    it('answers 403 to a reader token on an admin route', async () => {
      expect((await api.request('POST', '/rules', { ...as(await reader()), body: proposalBody('reader-rule') })).status).toBe(403);
    });
  });

  describe('beside API keys and sessions', () => {
    it('still takes API keys, and a console session opened with one', async () => {
      const readerKey = api.keyFor('reader');
      const signIn = await api.request('POST', '/session', { key: null, body: { key: readerKey } });
      const cookie = String(signIn.headers['set-cookie']).split(';')[0];

      expect((await api.request('GET', '/rules', { key: readerKey })).status).toBe(200);
      expect(signIn.status).toBe(201);
      expect((await api.request('GET', '/session', { key: null, headers: { cookie } })).body).toMatchObject({ role: 'reader' });
    });
  });
});

describe('OIDC with POLICY_OIDC_JWKS_URL and an issuer that is down', () => {
  it('answers 503, not 401, while the keys cannot be fetched: the token may be good', async () => {
    const issuer = await TestIssuer.start();
    const key = await issuer.key('key-1');
    const token = await issuer.sign(key, { sub: 'erin', aud: AUDIENCE, roles: ['reader'] });
    const api = await startApi({
      env: { POLICY_OIDC_ISSUER: issuer.url, POLICY_OIDC_AUDIENCE: AUDIENCE, POLICY_OIDC_JWKS_URL: `${issuer.url}/no-such-jwks` },
    });
    try {
      const down = await api.request('GET', '/rules', { key: token });

      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe('oidc_unavailable');
    } finally {
      await api.close();
      await issuer.close();
    }
  });
});
