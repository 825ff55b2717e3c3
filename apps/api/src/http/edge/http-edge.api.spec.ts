import { Projector } from '@policy/projections';
import { ADMIN_KEY, ApiHarness } from '../../testing/api-harness';
import { useApi } from '../../testing/api-lifecycle';
import { proposalBody } from '../../testing/rule-commands.fixtures';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };

/** The read model of an empty log answers once it has caught up with it. */
const caughtUp = (api: () => ApiHarness) => beforeEach(() => api().app.get(Projector).waitUntilCaughtUp());

describe('the HTTP edge', () => {
  const api = useApi('each');
  caughtUp(api);

  describe('authenticates before it reads a body', () => {
    it('answers 401, not 400, to malformed JSON without a key, with a Bearer challenge', async () => {
      const answer = await api().request('POST', '/rules', { key: null, body: '{"title":', headers: JSON_TYPE });

      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthenticated');
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="policy-ledger"');
    });

    it('answers 401, not 400, to an oversized body with an unknown key, saying the token was refused', async () => {
      const body = JSON.stringify({ title: 'x'.repeat(300 * 1024) });
      const answer = await api().request('POST', '/rules', { key: 'not-a-key-of-this-service', body, headers: JSON_TYPE });

      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="policy-ledger", error="invalid_token"');
    });

    it('still answers public routes without a key', async () => {
      expect((await api().request('GET', '/schemas', { key: null })).status).toBe(200);
    });
  });

  describe('reads JSON bodies only', () => {
    it('answers 415 to a form post and appends nothing', async () => {
      const answer = await api().request('POST', '/rules', { body: 'title=x&effect=allow', headers: FORM });

      expect(answer.status).toBe(415);
      expect(answer.body.error.code).toBe('unsupported_media_type');
      expect(await api().store.readAll({})).toEqual([]);
    });

    it('answers 415 to a text body, and to a body with no type', async () => {
      const text = JSON.stringify(proposalBody());
      const plain = await api().request('POST', '/rules', { body: text, headers: { 'content-type': 'text/plain' } });
      const untyped = await api().app.inject({
        method: 'POST',
        url: '/rules',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        payload: Buffer.from(text),
      });

      expect(plain.status).toBe(415);
      expect(untyped.statusCode).toBe(415);
      expect(await api().store.readAll({})).toEqual([]);
    });

    it('takes JSON with a charset', async () => {
      const answer = await api().request('POST', '/rules', {
        body: JSON.stringify(proposalBody()),
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });

      expect(answer.status).toBe(201);
    });
  });

  describe('answers every refusal in the one error shape', () => {
    it('answers 405 with Allow to a wrong method on a known path', async () => {
      const onList = await api().app.inject({ method: 'DELETE', url: '/rules' });
      const onApprove = await api().app.inject({ method: 'PUT', url: '/rules/some-rule/approve' });

      expect(onList.statusCode).toBe(405);
      expect(onList.headers.allow).toBe('GET, HEAD, POST');
      expect(onList.json().error.code).toBe('method_not_allowed');
      expect(onApprove.statusCode).toBe(405);
      expect(onApprove.headers.allow).toBe('POST');
    });

    it('still answers 404 to an unknown path', async () => {
      const answer = await api().app.inject({ method: 'GET', url: '/nowhere' });

      expect(answer.statusCode).toBe(404);
      expect(answer.json().error.code).toBe('route_not_found');
    });

    it('answers a URL that does not decode with 400 malformed_url', async () => {
      const answer = await api().app.inject({ method: 'GET', url: '/rules/%E0%A4%A' });

      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toEqual({ error: { code: 'malformed_url', message: expect.any(String) } });
    });

    it('answers a path parameter longer than any rule id with 414, and a 120-character id as usual', async () => {
      const tooLong = await api().app.inject({ method: 'GET', url: `/rules/${'a'.repeat(201)}` });
      const longest = await api().request('GET', `/rules/${'a'.repeat(120)}`);

      expect(tooLong.statusCode).toBe(414);
      expect(tooLong.json()).toEqual({ error: { code: 'uri_too_long', message: expect.any(String) } });
      expect(longest.status).toBe(404);
    });
  });
});

describe('rate limits', () => {
  describe('per key', () => {
    const api = useApi('each', [], { env: { POLICY_RATE_LIMIT_PER_KEY: '2' } });
    caughtUp(api);

    it('answers 429 with Retry-After past a burst of twice the rate, to that key only', async () => {
      const reader = api().keyFor('reader');
      const burst = [];
      for (let i = 0; i < 5; i++) burst.push(await api().request('GET', '/rules', { key: reader }));
      const other = await api().request('GET', '/rules');

      expect(burst.slice(0, 4).map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(burst[4].status).toBe(429);
      expect(burst[4].headers['retry-after']).toBe('1');
      expect(burst[4].body.error.code).toBe('rate_limited');
      expect(other.status).toBe(200);
    });
  });

  describe('per client', () => {
    const api = useApi('each', [], { env: { POLICY_RATE_LIMIT_PER_CLIENT: '1' } });
    caughtUp(api);

    it('answers 429 with Retry-After past the burst, whatever the key and on public routes too', async () => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api().request('GET', '/schemas', { key: null })).status);
      const keyed = await api().request('GET', '/rules');

      expect(statuses).toEqual([200, 200, 429]);
      expect(keyed.status).toBe(429);
      expect(keyed.headers['retry-after']).toBe('1');
    });
  });
});
