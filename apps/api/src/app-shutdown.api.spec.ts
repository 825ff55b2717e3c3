import { EVENT_STORE, EventStore } from '@policy/event-store';
import { Projector, RuleReadModel } from '@policy/projections';
import { ApiKeyStore } from './auth/api-key.store';
import { LedgerService } from './ledger/ledger.service';
import { startApi } from './testing/api-harness';

describe('shutting the app down', () => {
  it('stops the projector and the ledger, then closes the read model, the keys and the log, in that order', async () => {
    const api = await startApi();
    const closed: string[] = [];
    const track = <T extends object>(target: T, method: keyof T & string, name: string) => {
      const original = (target[method] as (...args: unknown[]) => unknown).bind(target);
      jest.spyOn(target, method as never).mockImplementation(((...args: unknown[]) => {
        closed.push(name);
        return original(...args);
      }) as never);
    };
    track(api.app.get(Projector), 'stop', 'projector');
    track(api.app.get(LedgerService), 'stop', 'ledger');
    track(api.app.get(RuleReadModel), 'close', 'read model');
    track(api.app.get(ApiKeyStore), 'close', 'keys');
    track(api.app.get<EventStore>(EVENT_STORE), 'close', 'store');

    await api.close();

    // The ledger's own shutdown hook may stop it a second time, after the log is closed.
    expect(closed.slice(0, 5)).toEqual(['projector', 'ledger', 'read model', 'keys', 'store']);
  });
});
