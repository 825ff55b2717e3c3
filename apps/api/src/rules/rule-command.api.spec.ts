import { EventStore } from '@policy/event-store';
import { ApiHarness, overrideStore, startApi } from '../testing/api-harness';
import { onReceiptEvent } from '@policy/testkit';
import { proposalBody, propose, RULE_ID, transition } from '../testing/rule-commands.fixtures';

/** The write path every command shares (RuleCommandService), seen from HTTP. */
describe('the write path', () => {
  let api: ApiHarness;
  const types = async () => (await api.streamOf(RULE_ID)).map((e) => e.type);
  const post = (action: string, body: unknown, headers?: Record<string, string>) =>
    api.request('POST', `/rules/${RULE_ID}/${action}`, { body, headers });

  describe('with the rule cached by an earlier write', () => {
    beforeEach(async () => {
      api = await startApi();
      expect((await api.request('POST', '/rules', { body: proposalBody() })).status).toBe(201);
    });
    afterEach(() => api.close());

    it('re-decides on the log when another writer moved the rule and the append is refused', async () => {
      await api.record(transition('PauseRule', '2025-12-01'));

      const answer = await post('approve', { effectiveAt: '2025-12-08' });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ revision: 2, state: { status: 'approved' } });
      expect(await types()).toEqual(['RuleProposed', 'RulePaused', 'RuleApproved']);
    });

    it('re-decides on the log when the stale state refuses the command', async () => {
      expect((await post('approve', { effectiveAt: '2025-12-01' })).status).toBe(200);
      await api.record(transition('PauseRule', '2025-12-05'));

      // On the cached state (approved) a second approval is illegal; on the log (paused) it is not.
      const answer = await post('approve', { effectiveAt: '2025-12-08' });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ revision: 3, state: { status: 'approved' } });
      expect(await types()).toEqual(['RuleProposed', 'RuleApproved', 'RulePaused', 'RuleApproved']);
    });
  });

  describe('with a rule proposed by another writer, unknown to the cache', () => {
    beforeEach(async () => {
      api = await startApi();
      await api.record(propose());
    });
    afterEach(() => api.close());

    // A proposal is decided without reading its stream: the append, expecting none, is refused
    // and the proposal is decided again on the log.
    it('refuses a second proposal of its id with 409 and records nothing', async () => {
      const answer = await api.request('POST', '/rules', { body: proposalBody() });

      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ error: { code: 'rule_exists', details: { status: 'proposed' } } });
      expect(await types()).toEqual(['RuleProposed']);
    });
  });

  describe('with two writers racing on one rule', () => {
    let racing = false;
    let reads = 0;
    let bothRead!: () => void;
    const bothHaveRead = new Promise<void>((resolve) => (bothRead = resolve));

    /** Holds the first append back until both writers have read the rule: both decide on revision 0. */
    const raceOnRule = (store: EventStore): EventStore => {
      let held = false;
      return overrideStore(store, {
        readStream: async (stream, options) => {
          const recorded = await store.readStream(stream, options);
          if (racing && ++reads === 2) bothRead();
          return recorded;
        },
        append: async (stream, events, options) => {
          if (racing && !held) {
            held = true;
            await Promise.race([bothHaveRead, deadline(5000, 'the second writer to read the rule')]);
          }
          return store.append(stream, events, options);
        },
      });
    };

    beforeAll(async () => {
      api = await startApi({ wrapStore: raceOnRule });
      await api.record(propose());
    });
    afterAll(() => api.close());

    it('lets one append through and retries the other on the fresh state', async () => {
      racing = true;
      const [pause, amend] = await Promise.all([
        post('pause', { effectiveAt: '2025-12-01' }),
        post('amend', { effectiveAt: '2025-12-01', changes: { title: 'H200 exports to China paused' } }),
      ]);

      expect([pause.status, amend.status]).toEqual([200, 200]);
      expect([pause.body.revision, amend.body.revision].sort()).toEqual([1, 2]);
      expect(reads).toBeGreaterThanOrEqual(3);
      const last = pause.body.revision === 2 ? pause : amend;
      expect(last.body.state).toMatchObject({ status: 'paused', terms: { title: 'H200 exports to China paused' } });
      expect(await types()).toHaveLength(3);
    });
  });

  describe('with an Idempotency-Key', () => {
    beforeEach(async () => (api = await startApi()));
    afterEach(() => api.close());
    const keyed = (body: unknown) => api.request('POST', '/rules', { body, headers: { 'idempotency-key': 'propose-h200-1' } });

    it('answers a retry of the same request as the first time and records nothing more', async () => {
      const first = await keyed(proposalBody());
      const retry = await keyed(proposalBody());

      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(onReceiptEvent(retry.body)).toEqual(onReceiptEvent(first.body));
      expect(await types()).toEqual(['RuleProposed']);
    });

    it('answers 400 idempotency_key_reused to the same key with another body, and records nothing', async () => {
      expect((await keyed(proposalBody())).status).toBe(201);

      const other = await keyed({ ...proposalBody(), title: 'Another title' });

      expect(other.status).toBe(400);
      expect(other.body.error.code).toBe('idempotency_key_reused');
      expect(await types()).toEqual(['RuleProposed']);
    });
  });

  describe('with one Idempotency-Key sent twice at once with different bodies', () => {
    /**
     * KurrentDB's rule, at the port: an append refused for a stale revision whose first event id
     * already stands right after that revision is answered as an idempotent success. (SQLite
     * refuses it.) Both appends are held until both requests have read the stream and decided.
     */
    const kurrentDbIdempotence = (store: EventStore): EventStore => {
      const held: (() => void)[] = [];
      return overrideStore(store, {
        append: async (streamId, events, options) => {
          await new Promise<void>((resolve) => {
            held.push(resolve);
            if (held.length === 2) held.splice(0).forEach((release) => release());
          });
          try {
            return await store.append(streamId, events, options);
          } catch (error) {
            const after = typeof options.expectedRevision === 'bigint' ? options.expectedRevision + 1n : 0n;
            const [standing] = await store.readStream(streamId, { fromRevision: after, maxCount: 1 });
            if (standing?.eventId !== events[0].eventId) throw error;
            return { nextRevision: standing.revision, position: standing.position };
          }
        },
      });
    };

    beforeEach(async () => (api = await startApi({ wrapStore: kurrentDbIdempotence })));
    afterEach(() => api.close());

    it('records one of them and answers the other 400 idempotency_key_reused, as on SQLite', async () => {
      const send = (title: string) =>
        api.request('POST', '/rules', { body: { ...proposalBody(), title }, headers: { 'idempotency-key': 'same-key' } });

      const answers = await Promise.all([send('first body'), send('second body')]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 400]);
      const refused = answers.find((answer) => answer.status === 400)!;
      expect(refused.body.error.code).toBe('idempotency_key_reused');
      const stream = await api.streamOf(RULE_ID);
      expect(stream).toHaveLength(1);
      const recorded = answers.find((answer) => answer.status === 201)!;
      expect((stream[0].data as { terms: { title: string } }).terms.title).toBe(recorded.body.state.terms.title);
    });
  });

  describe('with If-Match', () => {
    beforeAll(async () => {
      api = await startApi();
      await api.record(propose());
    });
    afterAll(() => api.close());

    it('answers 412 when the rule moved past the revision the client saw, and records nothing', async () => {
      const answer = await post('pause', { effectiveAt: '2025-12-01' }, { 'if-match': '"5"' });

      expect(answer.status).toBe(412);
      expect(answer.body.error).toMatchObject({ code: 'revision_mismatch', details: { expected: 5, actual: 0 } });
      expect(await types()).toEqual(['RuleProposed']);
    });

    it('answers 400 to a bad body before a bad If-Match header', async () => {
      const answer = await post('pause', { effectiveAt: 'next tuesday' }, { 'if-match': 'latest' });

      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect((await post('pause', { effectiveAt: '2025-12-01' }, { 'if-match': 'latest' })).body.error.code).toBe('invalid_if_match');
    });

    it('records the write when the revision is the current one', async () => {
      const answer = await post('pause', { effectiveAt: '2025-12-01' }, { 'if-match': 'W/"0"' });

      expect(answer.status).toBe(200);
      expect(answer.headers.etag).toBe('"1"');
    });
  });
});

const deadline = (ms: number, what: string): Promise<never> =>
  new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms).unref());
