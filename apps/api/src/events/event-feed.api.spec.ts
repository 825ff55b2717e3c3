import { waitFor } from '@policy/common/testing';
import { AddressInfo, connect } from 'node:net';
import { ApiKeyStore } from '../auth/api-key.store';
import { ADMIN_KEY } from '../testing/api-harness';
import { useApi } from '../testing/api-lifecycle';
import { propose, transition } from '../testing/rule-commands.fixtures';
import { Feed, openFeed } from '../testing/sse-feed';

describe('the event feed', () => {
  const api = useApi('each', [propose(), transition('PauseRule', '2025-12-01')], {
    // Short request timeouts: a feed is one long answer to a request that arrived whole, so they must not end it.
    env: { POLICY_SSE_MAX_FEEDS_PER_KEY: '2', POLICY_HTTP_HEADERS_TIMEOUT_MS: '200', POLICY_HTTP_REQUEST_TIMEOUT_MS: '300' },
  });
  let port = 0;
  const feeds: Feed[] = [];
  const feed = async (path: string, key: string, headers: Record<string, string> = {}) => {
    const opened = await openFeed(port, path, { authorization: `Bearer ${key}`, ...headers });
    feeds.push(opened);
    return opened;
  };

  beforeEach(async () => {
    await api().app.listen({ port: 0, host: '127.0.0.1' });
    port = (api().app.getHttpServer().address() as AddressInfo).port;
  });
  afterEach(() => feeds.splice(0).forEach((one) => one.close()));

  const positions = async () => (await api().store.readAll({})).map((event) => Number(event.position));

  it('ends the feeds of a key once it is revoked, saying why, and keeps the others', async () => {
    const keys = api().app.get(ApiKeyStore);
    const { key } = keys.create('feed-reader', 'reader');
    const revoked = await feed('/events/stream', key);
    const kept = await feed('/events/stream', ADMIN_KEY);
    await waitFor('both feeds to catch up', () => revoked.ids().length === 2 && kept.ids().length === 2, { timeoutMs: 5_000 });

    keys.revoke('feed-reader');

    await waitFor('the revoked key’s feed to end', revoked.ended, { timeoutMs: 5_000 });
    expect(revoked.text()).toContain('"code":"key_revoked"');
    expect(kept.ended()).toBe(false);
  });

  it('stays open past the request and headers timeouts, and delivers what is appended meanwhile', async () => {
    const open = await feed('/events/stream', ADMIN_KEY);
    await waitFor('the catch-up', () => open.ids().length === 2, { timeoutMs: 5_000 });
    // A slow client beside it shows the server's timeouts have fired since the feed opened.
    const slow = connect(port, '127.0.0.1');
    let slowClosed = false;
    slow
      .on('close', () => (slowClosed = true))
      .on('error', () => undefined)
      .resume();
    slow.write('GET /health HTTP/1.1\r\n');
    await waitFor('the headers timeout to close the slow client', () => slowClosed, { timeoutMs: 5_000 });

    await api().record(transition('ApproveRule', '2025-12-02'));

    await waitFor('the live event', () => open.ids().length === 3, { timeoutMs: 5_000 });
    expect(open.ended()).toBe(false);
  });

  it('refuses one feed too many for a key with 429 and Retry-After, while another key still gets one', async () => {
    const reader = api().keyFor('reader');
    const open = [await feed('/events/stream', reader), await feed('/events/stream', reader)];
    const third = await feed('/events/stream', reader);
    const other = await feed('/events/stream', ADMIN_KEY);

    expect(open.map((one) => one.status)).toEqual([200, 200]);
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    await waitFor('the refusal', third.ended, { timeoutMs: 5_000 });
    expect(JSON.parse(third.text()).error.code).toBe('too_many_feeds_for_key');
    expect(other.status).toBe(200);
  });

  it('takes a slot back when a feed closes', async () => {
    const reader = api().keyFor('reader');
    const first = await feed('/events/stream', reader);
    await feed('/events/stream', reader);
    first.close();

    await waitFor(
      'a new feed to be admitted',
      async () => {
        const next = await feed('/events/stream', reader);
        return next.status === 200;
      },
      { timeoutMs: 5_000 },
    );
  });

  it('reads an empty Last-Event-ID as none: the feed resumes after `after`, not from the start', async () => {
    const [first, second] = await positions();
    const resumed = await feed(`/events/stream?after=${first}`, ADMIN_KEY, { 'last-event-id': '' });

    await waitFor('the catch-up', () => resumed.ids().length > 0, { timeoutMs: 5_000 });
    expect(resumed.ids()).toEqual([second]);
  });

  it('reads an empty `after` as none: the whole feed', async () => {
    const all = await positions();
    const whole = await feed('/events/stream?after=', ADMIN_KEY);

    await waitFor('the catch-up', () => whole.ids().length === all.length, { timeoutMs: 5_000 });
    expect(whole.ids()).toEqual(all);
  });
});
