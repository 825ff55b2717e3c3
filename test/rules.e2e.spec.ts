import http from 'node:http';
import { client, eventually, h200, RunningService, startService } from './support/service';
import { onReceiptEvent } from '@policy/testkit';

/** Reads an SSE feed until `count` events arrived; returns their ids and types. */
const readSse = (url: string, key: string, count: number, query = ''): Promise<{ id: number; type: string; ruleId: string }[]> =>
  new Promise((resolve, reject) => {
    const events: { id: number; type: string; ruleId: string }[] = [];
    const request = http.get(`${url}/events/stream${query}`, { headers: { authorization: `Bearer ${key}` } }, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(message);
          const type = /^event: (\w+)$/m.exec(message);
          const data = /^data: (.*)$/m.exec(message);
          if (id && type && data) events.push({ id: Number(id[1]), type: type[1], ruleId: JSON.parse(data[1]).ruleId });
          if (events.length >= count) {
            request.destroy();
            resolve(events);
          }
        }
      });
    });
    request.on('error', (error) => (events.length >= count ? undefined : reject(error)));
    setTimeout(() => (request.destroy(), reject(new Error(`SSE: ${events.length} of ${count} events`))), 10_000);
  });

describe('Policy Ledger over HTTP', () => {
  let service: RunningService;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    service = await startService();
    api = client(service.url);
  });
  afterAll(() => service?.stop());

  describe('a rule through its whole lifecycle', () => {
    it('is proposed, paused, approved, amended and rescinded, each change readable at once', async () => {
      const proposed = await api.post('/rules', h200('lifecycle-h200'));
      expect(proposed.status).toBe(201);
      expect(proposed.body).toMatchObject({ ruleId: 'lifecycle-h200', revision: 0, state: { status: 'proposed' } });
      expect(proposed.headers.get('etag')).toBe('"0"');
      expect(proposed.headers.get('location')).toBe('/rules/lifecycle-h200');

      const steps: [string, object, string][] = [
        ['pause', { effectiveAt: '2025-11-30', reason: 'security review' }, 'paused'],
        [
          'approve',
          { effectiveAt: '2025-12-08', sources: [{ url: 'https://www.reuters.com/h200', title: 'Trump allows H200' }] },
          'approved',
        ],
        [
          'amend',
          {
            effectiveAt: '2025-12-08',
            changes: { effect: 'allow', conditions: [{ kind: 'revenue-share', description: '25 %', value: 25 }] },
          },
          'approved',
        ],
        ['rescind', { effectiveAt: '2026-01-15', reason: 'withdrawn' }, 'rescinded'],
      ];
      for (const [i, [action, body, status]] of steps.entries()) {
        const answer = await api.post(`/rules/lifecycle-h200/${action}`, body);
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ revision: i + 1, state: { status } });
        // Read-your-writes: the read model already has it.
        const read = await api.get('/rules/lifecycle-h200?asOf=2030-01-01');
        expect(read.body.rule).toMatchObject({ status, revision: i + 1 });
      }
      const current = await api.get('/rules/lifecycle-h200?asOf=2025-12-10');
      expect(current.body.rule).toMatchObject({ status: 'approved', terms: { effect: 'allow', conditions: [{ kind: 'revenue-share' }] } });
      expect(current.body.rule.terms.sources).toHaveLength(2);

      const history = await api.get('/rules/lifecycle-h200/history');
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
        'RuleProposed',
        'RulePaused',
        'RuleApproved',
        'RuleAmended',
        'RuleRescinded',
      ]);
      for (const event of history.body.events) {
        expect(event).toMatchObject({ actor: 'key:env-admin', schemaVersion: 1, ruleId: 'lifecycle-h200' });
        expect(Date.parse(event.recordedAt)).toBeGreaterThan(Date.parse(event.effectiveAt));
      }
    });
  });

  describe('point-in-time answers', () => {
    it('answer differently in effective time (asOf) and recorded time (knownAt) when a change was recorded late', async () => {
      await api.post('/rules', h200('late-h20', '2025-04-07'));
      const proposedKnown = new Date().toISOString();
      await eventually(async () => (Date.now() > Date.parse(proposedKnown) + 5 ? true : undefined), 'the clock to move');
      // The pause took effect on April 10 but is only recorded now: a late recording.
      await api.post('/rules/late-h20/pause', { effectiveAt: '2025-04-10' });

      const asOf = '2025-04-15';
      const then = await api.get(`/rules/late-h20?asOf=${asOf}&knownAt=${proposedKnown}`);
      const now = await api.get(`/rules/late-h20?asOf=${asOf}`);
      expect(then.body.rule.status).toBe('proposed');
      expect(now.body.rule.status).toBe('paused');
      // Before the pause took effect it was proposed, whatever we know now.
      expect((await api.get('/rules/late-h20?asOf=2025-04-08')).body.rule.status).toBe('proposed');
      // Before the first event, the rule does not exist at all.
      const before = await api.get('/rules/late-h20?asOf=2025-01-01');
      expect(before.status).toBe(404);
      expect(before.body.error.code).toBe('rule_not_found');
      // The replay path folds the log and agrees with the read model at every point asked.
      for (const q of [`asOf=${asOf}&knownAt=${proposedKnown}`, `asOf=${asOf}`, 'asOf=2025-04-08']) {
        const replay = await api.get(`/rules/late-h20?${q}&consistency=replay`);
        const model = await api.get(`/rules/late-h20?${q}`);
        expect(replay.body.consistency).toBe('replay');
        expect(replay.body.rule).toEqual(model.body.rule);
      }
    });

    it('lists rules at a point in time with filters, and pages through them', async () => {
      await api.post('/rules', {
        ...h200('list-blackwell-gulf'),
        items: [{ vendor: 'NVIDIA', family: 'Blackwell' }],
        destinations: [
          { country: 'SA', party: 'Humain' },
          { country: 'AE', party: 'G42' },
        ],
        effect: 'allow',
      });
      await api.post('/rules/list-blackwell-gulf/approve', { effectiveAt: '2025-11-25' });
      const gulf = await api.get('/rules?destination=humain&asOf=2025-12-01');
      expect(gulf.body.rules.map((r: { ruleId: string }) => r.ruleId)).toEqual(['list-blackwell-gulf']);
      expect((await api.get('/rules?product=blackwell&status=approved')).body.rules.map((r: { ruleId: string }) => r.ruleId)).toContain(
        'list-blackwell-gulf',
      );
      expect((await api.get('/rules?destination=AE&asOf=2025-11-01')).body.rules).toEqual([]);
      expect(
        (await api.get('/rules?authority=us%20department%20of%20commerce%20(bis)&status=approved&asOf=2025-11-25')).body.rules.map(
          (r: { ruleId: string }) => r.ruleId,
        ),
      ).toContain('list-blackwell-gulf');

      const seen: string[] = [];
      let after = '';
      for (let guard = 0; guard < 50; guard++) {
        const page = await api.get(`/rules?limit=1${after}`);
        seen.push(...page.body.rules.map((r: { ruleId: string }) => r.ruleId));
        if (!page.body.nextCursor) break;
        after = `&after=${page.body.nextCursor}`;
      }
      const all = await api.get('/rules?limit=1000');
      expect(seen).toEqual(all.body.rules.map((r: { ruleId: string }) => r.ruleId));
    });

    it('reports what changed in effective time between two dates', async () => {
      await api.post('/rules', h200('changes-h200', '2025-11-24'));
      await api.post('/rules/changes-h200/approve', { effectiveAt: '2025-12-08' });
      const diff = await api.get('/changes?from=2025-12-01&to=2025-12-31');
      const change = diff.body.changes.find((c: { ruleId: string }) => c.ruleId === 'changes-h200');
      expect(change.before.status).toBe('proposed');
      expect(change.after.status).toBe('approved');
      expect((await api.get('/changes?from=2025-12-31&to=2025-12-01')).status).toBe(400);
    });
  });

  describe('refusals', () => {
    it('answers 409 to a transition the lifecycle does not allow, naming the status, and appends nothing', async () => {
      await api.post('/rules', h200('refused-h200'));
      await api.post('/rules/refused-h200/rescind', { effectiveAt: '2025-12-01' });
      const head = (await api.get('/health')).body.components.store.headPosition;
      const answer = await api.post('/rules/refused-h200/approve', { effectiveAt: '2025-12-09' });
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ code: 'illegal_transition', details: { status: 'rescinded' } });
      expect(answer.body.error.message).toMatch(/rescinded is final/);
      expect((await api.get('/health')).body.components.store.headPosition).toBe(head);
      expect((await api.post('/rules', h200('refused-h200'))).status).toBe(409);
      expect((await api.post('/rules/never-proposed/approve', { effectiveAt: '2025-12-09' })).status).toBe(404);
    });

    it('answers 409 to an effective time before the rule’s last change', async () => {
      await api.post('/rules', h200('backwards-h200', '2025-12-01'));
      const answer = await api.post('/rules/backwards-h200/approve', { effectiveAt: '2025-11-01' });
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('effective_time_regression');
    });

    it('answers 412 to a stale If-Match and accepts the current one', async () => {
      await api.post('/rules', h200('etag-h200'));
      await api.post('/rules/etag-h200/pause', { effectiveAt: '2025-11-30' });
      const stale = await api.post('/rules/etag-h200/approve', { effectiveAt: '2025-12-08' }, { 'if-match': '"0"' });
      expect(stale.status).toBe(412);
      expect(stale.body.error).toMatchObject({ code: 'revision_mismatch', details: { expected: 0, actual: 1 } });
      const etag = (await api.get('/rules/etag-h200')).headers.get('etag')!;
      expect(etag).toBe('"1"');
      expect((await api.post('/rules/etag-h200/approve', { effectiveAt: '2025-12-08' }, { 'if-match': etag })).status).toBe(200);
      expect((await api.post('/rules/etag-h200/pause', { effectiveAt: '2025-12-09' }, { 'if-match': 'soon' })).status).toBe(400);
    });

    it('re-decides writes without If-Match that lose a race, so concurrent amendments all land', async () => {
      await api.post('/rules', h200('amend-race-h200'));
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api.post('/rules/amend-race-h200/amend', { effectiveAt: '2025-12-08', changes: { title: `title ${i}` } }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(answers.map((a) => a.body.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('lets 32 concurrent writers of distinct rules all succeed, each reading its own write at once', async () => {
      const ids = Array.from({ length: 32 }, (_, i) => `ryw-${i}-h200`);
      const outcomes = await Promise.all(
        ids.map(async (id) => {
          const written = await api.post('/rules', h200(id));
          // Asked right after the 201, on the same service: the answer includes the write.
          const read = await api.get(`/rules/${id}`);
          return [written.status, written.body.revision, read.status, read.body.rule?.revision, read.body.rule?.ruleId];
        }),
      );
      expect(outcomes).toEqual(ids.map((id) => [201, 0, 200, 0, id]));
    });

    it('lets exactly one of 100 concurrent approvals of one proposed rule succeed', async () => {
      await api.post('/rules', h200('race-h200'));
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => api.post('/rules/race-h200/approve', { effectiveAt: '2025-12-08' })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(99);
      const history = await api.get('/rules/race-h200/history');
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['RuleProposed', 'RuleApproved']);
    });
  });

  describe('an idempotent retry', () => {
    it('returns the first answer and appends nothing', async () => {
      await api.post('/rules', h200('retry-h200'));
      const key = { 'idempotency-key': 'approve-retry-h200-1' };
      const first = await api.post('/rules/retry-h200/approve', { effectiveAt: '2025-12-08' }, key);
      const again = await api.post('/rules/retry-h200/approve', { effectiveAt: '2025-12-08' }, key);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(onReceiptEvent(again.body)).toEqual(onReceiptEvent(first.body));
      expect((await api.get('/rules/retry-h200/history')).body.events).toHaveLength(2);
      // The same key on a different request is refused, not silently answered.
      const reused = await api.post('/rules/retry-h200/approve', { effectiveAt: '2025-12-09' }, key);
      expect(reused.status).toBe(400);
      expect(reused.body.error.code).toBe('idempotency_key_reused');
      // Sent for another rule, the same key is another request.
      await api.post('/rules', h200('retry-other-h200'));
      expect((await api.post('/rules/retry-other-h200/approve', { effectiveAt: '2025-12-08' }, key)).status).toBe(200);
    });

    it('recognises a retry whatever the key order or the spelling of its times', async () => {
      await api.post('/rules', h200('retry-spelling-h200'));
      const key = { 'idempotency-key': 'approve-spelling-1' };
      const first = await api.post('/rules/retry-spelling-h200/approve', { effectiveAt: '2025-12-08', reason: 'announced' }, key);
      const again = await api.post(
        '/rules/retry-spelling-h200/approve',
        { reason: 'announced', effectiveAt: '2025-12-08T01:00:00+01:00' },
        key,
      );
      expect(again.status).toBe(200);
      expect(onReceiptEvent(again.body)).toEqual(onReceiptEvent(first.body));
    });

    it('answers a keyed retry with If-Match as the first time, even when it raced its first attempt', async () => {
      await api.post('/rules', h200('retry-race-h200'));
      const headers = { 'idempotency-key': 'approve-race-1', 'if-match': '"0"' };
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => api.post('/rules/retry-race-h200/approve', { effectiveAt: '2025-12-08' }, headers)),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(new Set(answers.map((a) => a.body.position)).size).toBe(1);
      expect((await api.get('/rules/retry-race-h200/history')).body.events).toHaveLength(2);
    });

    it('proposes a rule without an id once, however often it is retried', async () => {
      const { ruleId: _none, ...body } = h200();
      const key = { 'idempotency-key': 'propose-anonymous-1' };
      const answers = await Promise.all([1, 2, 3].map(() => api.post('/rules', body, key)));
      expect(new Set(answers.map((a) => a.body.ruleId)).size).toBe(1);
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      expect((await api.get(`/rules/${answers[0].body.ruleId}/history`)).body.events).toHaveLength(1);
    });
  });

  describe('the log', () => {
    it('pages in commit order and streams over SSE, catch-up then live', async () => {
      const first = await api.get('/events?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.events).toHaveLength(2);
      const second = await api.get(`/events?after=${first.body.next}&limit=2`);
      expect(second.body.events[0].position).toBe(first.body.events[1].position + 1);

      const head = (await api.get('/health')).body.components.store.headPosition as number;
      const feed = readSse(service.url, (await import('./support/service')).ADMIN_KEY, 3, `?after=${head - 1}`);
      await api.post('/rules', h200('sse-h200'));
      await api.post('/rules/sse-h200/approve', { effectiveAt: '2025-12-08' });
      const events = await feed;
      expect(events.map((e) => e.id)).toEqual([head, head + 1, head + 2]);
      expect(events.slice(1).map((e) => [e.type, e.ruleId])).toEqual([
        ['RuleProposed', 'sse-h200'],
        ['RuleApproved', 'sse-h200'],
      ]);
    });

    it('refuses a malformed Last-Event-ID with 400 instead of opening a feed', async () => {
      const answer = await api.get('/events/stream', { 'last-event-id': '9'.repeat(400) });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    });

    it('serves its contract and its health', async () => {
      const docs = await client(service.url, undefined).get('/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/rules', '/rules/{id}', '/events', '/changes']));
      expect(docs.body.paths['/rules'].post.requestBody.content['application/json'].schema.required).toEqual(
        expect.arrayContaining(['title', 'items', 'destinations', 'effectiveAt']),
      );
      expect((await client(service.url, undefined).get('/docs')).body).toContain('swagger-ui');
      const health = await client(service.url, undefined).get('/health');
      expect(health.status).toBe(200);
      expect(health.body.components.projector).toMatchObject({ ok: true, lagEvents: 0 });
      const metrics = await api.get('/metrics');
      expect(metrics.body).toMatch(/policy_http_requests_total\{method="POST",route="\/rules",status="201"\} \d+/);
    });
  });
});
