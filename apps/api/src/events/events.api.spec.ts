import { overrideStore } from '../testing/api-harness';
import { useApi } from '../testing/api-lifecycle';
import { propose, transition } from '../testing/rule-commands.fixtures';

describe('GET /events', () => {
  const api = useApi('all', [propose(), transition('PauseRule', '2025-12-01')]);

  it('pages through the log in commit order, by global position', async () => {
    const first = await api().request('GET', '/events?limit=1');
    const rest = await api().request('GET', `/events?after=${first.body.next}`);

    expect(first.status).toBe(200);
    expect(first.body.events.map((e: { type: string }) => e.type)).toEqual(['RuleProposed']);
    expect(rest.body.events.map((e: { type: string }) => e.type)).toEqual(['RulePaused']);
  });

  it('answers 400 to a negative position', async () => {
    expect((await api().request('GET', '/events?after=-1')).status).toBe(400);
  });
});

describe('GET /events/stream', () => {
  describe('when the store refuses the subscription', () => {
    // Refused once the app is up: its projectors subscribe first, at start-up.
    let refuse = false;
    const api = useApi('all', [], {
      wrapStore: (store) =>
        overrideStore(store, {
          subscribe: (options) => {
            if (refuse) throw new Error('the store is closed');
            return store.subscribe(options);
          },
        }),
    });
    beforeAll(() => (refuse = true));

    it('answers an error instead of leaving the client waiting on an empty feed', async () => {
      const answer = await api().request('GET', '/events/stream');

      expect(answer.status).toBe(500);
      expect(answer.body.error.code).toBe('internal');
    });

    it('does not count the feeds that never opened against the limit of open feeds', async () => {
      // The limit is 200 open feeds: a leaked count would refuse the 201st with 503 too_many_feeds.
      for (let i = 0; i < 201; i++) {
        const answer = await api().request('GET', '/events/stream');
        expect(answer.status).toBe(500);
      }
    });
  });
});
