import { PassThrough } from 'node:stream';
import type { AllStreamSubscription } from '@kurrent/kurrentdb-client';
import type { SubscribeOptions } from '../event-store.port';
import { deliverSubscription } from './kurrentdb-subscription';
import { clientEvent } from './testing/kurrentdb-fixtures';

/**
 * The delivery loop behind `subscribe`, fed by an in-memory object stream that stands where the
 * client's `$all` subscription stands (a Node Readable that also emits `caughtUp`).
 * No server and no gRPC: these pin down the ordering rules that need no network to check.
 */
describe('KurrentDB subscription delivery', () => {
  class FakeSubscription extends PassThrough {
    unsubscribed = 0;
    constructor() {
      super({ objectMode: true });
    }
    async unsubscribe(): Promise<void> {
      this.unsubscribed++;
    }
    push$(...positions: bigint[]): void {
      for (const position of positions) {
        this.write(clientEvent({ revision: position, position: { commit: position, prepare: position } }));
      }
    }
  }

  const settle = () => new Promise((resolve) => setImmediate(resolve));

  const start = (source: FakeSubscription, options: Partial<SubscribeOptions> = {}) => {
    const log: string[] = [];
    const subscription = deliverSubscription(source as unknown as AllStreamSubscription, {
      onEvent: async (event) => {
        log.push(`event ${event.position}`);
        await settle();
        log.push(`handled ${event.position}`);
      },
      onCaughtUp: (position) => void log.push(`caught up at ${position}`),
      ...options,
    });
    return { log, subscription };
  };

  it('hands events over one at a time, in order, awaiting each handler', async () => {
    const source = new FakeSubscription();
    const { log, subscription } = start(source);
    source.push$(10n, 20n);
    await settle();
    await settle();
    await settle();
    await subscription.close();
    expect(log).toEqual(['event 10', 'handled 10', 'event 20', 'handled 20']);
  });

  it('reports caught-up only after the events the server sent before saying so', async () => {
    const source = new FakeSubscription();
    const { log, subscription } = start(source);
    source.push$(10n, 20n, 30n);
    source.emit('caughtUp', {});
    for (let i = 0; i < 10; i++) await settle();
    await subscription.close();
    expect(log).toEqual(['event 10', 'handled 10', 'event 20', 'handled 20', 'event 30', 'handled 30', 'caught up at 30']);
  });

  it('reports caught-up at the start position when there was nothing to catch up on', async () => {
    const source = new FakeSubscription();
    const { log, subscription } = start(source, { fromPosition: 5n });
    source.emit('caughtUp', {});
    await settle();
    await subscription.close();
    expect(log).toEqual(['caught up at 5']);
  });

  it('reports again after each live batch', async () => {
    const source = new FakeSubscription();
    const { log, subscription } = start(source);
    source.emit('caughtUp', {});
    await settle();
    source.push$(40n);
    for (let i = 0; i < 5; i++) await settle();
    source.push$(50n);
    for (let i = 0; i < 5; i++) await settle();
    await subscription.close();
    expect(log).toEqual([
      'caught up at undefined',
      'event 40',
      'handled 40',
      'caught up at 40',
      'event 50',
      'handled 50',
      'caught up at 50',
    ]);
  });

  it('skips anything at or before the start position', async () => {
    const source = new FakeSubscription();
    const { log, subscription } = start(source, { fromPosition: 20n });
    source.push$(20n, 30n);
    for (let i = 0; i < 5; i++) await settle();
    await subscription.close();
    expect(log).toEqual(['event 30', 'handled 30']);
  });

  it('stops on close: waits for the running handler, delivers nothing more, cancels the call', async () => {
    const source = new FakeSubscription();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const subscription = deliverSubscription(source as unknown as AllStreamSubscription, {
      onEvent: async (event) => {
        log.push(`event ${event.position}`);
        await gate;
        log.push(`handled ${event.position}`);
      },
    });
    source.push$(10n, 20n);
    while (log.length === 0) await settle();
    const closed = subscription.close().then(() => void log.push('closed'));
    source.push$(30n);
    await settle();
    expect(log).toEqual(['event 10']);
    release();
    await closed;
    expect(log).toEqual(['event 10', 'handled 10', 'closed']);
    await expect(subscription.done).resolves.toBeUndefined();
    expect(source.unsubscribed).toBe(1);
    expect(source.destroyed).toBe(true);
  });

  it('reports a handler’s failure through onError and done, and cancels the call', async () => {
    const source = new FakeSubscription();
    const errors: unknown[] = [];
    const { subscription } = start(source, {
      onEvent: () => {
        throw new Error('handler broke');
      },
      onError: (error) => void errors.push(error),
    });
    source.push$(10n);
    await expect(subscription.done).rejects.toThrow('handler broke');
    expect(errors).toHaveLength(1);
    expect(source.unsubscribed).toBe(1);
    await subscription.close();
  });

  it('reports a failure of the call itself, and the server ending it', async () => {
    const failing = new FakeSubscription();
    const failed = start(failing, { onError: () => undefined }).subscription;
    failing.emit('error', new Error('unavailable'));
    await expect(failed.done).rejects.toThrow('unavailable');

    const ending = new FakeSubscription();
    const ended = start(ending, { onError: () => undefined }).subscription;
    ending.end();
    await expect(ended.done).rejects.toThrow(/ended the \$all subscription/);
  });
});
