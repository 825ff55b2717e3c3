import { PassThrough } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendStreamState,
  type CurrentStreamState,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError } from '@policy/domain';
import type { RecordedEvent, SubscribeOptions } from '../event-store.port';
import { deliverSubscription } from './kurrentdb-event-store';
import {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM_PREFIX,
  MAX_LOG_POSITION,
  POLICY_STREAM_PREFIX,
  checkpointEvent,
  checkpointStreamName,
  fromKurrentPosition,
  isStreamNotFound,
  parseCheckpoint,
  placeRevision,
  planReadAll,
  planReadStream,
  policyStreamFilter,
  selectPage,
  toEventData,
  toKurrentPosition,
  toRecordedEvent,
  toStreamState,
  translateAppendError,
} from './kurrentdb-mapping';

const ID = '0b7e6c1e-6a43-4a7c-9d0f-3f1c2b9a8e11';

/** A recorded event shaped as the client yields it from `readAll`. */
const clientEvent = (overrides: Partial<AllStreamResolvedEvent['event'] & object> = {}): AllStreamResolvedEvent => ({
  event: {
    streamId: 'policy-rule-r1',
    id: ID,
    revision: 2n,
    type: 'RuleApproved',
    data: { reason: 'ok' },
    metadata: { actor: 'admin' },
    isJson: true,
    created: new Date(0),
    position: { commit: 4096n, prepare: 4096n },
    ...overrides,
  } as AllStreamResolvedEvent['event'],
});

const recorded = (position: bigint): RecordedEvent => ({
  streamId: 'policy-rule-r1',
  revision: position,
  position,
  eventId: ID,
  type: 'T',
  data: {},
  metadata: {},
});

const wrongExpectedVersion = (expected: AppendStreamState, current: CurrentStreamState) =>
  new WrongExpectedVersionError(undefined, { streamName: 'policy-rule-r1', expected, current });

describe('KurrentDB mapping', () => {
  describe('positions', () => {
    it('sends a port position as a commit/prepare pair with both halves equal', () => {
      expect(toKurrentPosition(123_456n)).toEqual({ commit: 123_456n, prepare: 123_456n });
    });

    it.each([0n, 1n, 2n ** 53n + 1n, MAX_LOG_POSITION])('round-trips %p without loss', (position) => {
      expect(fromKurrentPosition(toKurrentPosition(position), 'e')).toBe(position);
    });

    it('keeps the order of the log: a later event has a larger port position', () => {
      const earlier = fromKurrentPosition({ commit: 1_000n, prepare: 1_000n }, 'a');
      const later = fromKurrentPosition({ commit: 1_200n, prepare: 1_200n }, 'b');
      expect(later > earlier).toBe(true);
    });

    it.each([-1n, MAX_LOG_POSITION + 1n])('refuses %p, which is outside the log', (position) => {
      expect(() => toKurrentPosition(position)).toThrow(RangeError);
    });

    it('refuses an explicit-transaction position (commit ≠ prepare) rather than dropping half of it', () => {
      expect(() => fromKurrentPosition({ commit: 900n, prepare: 700n }, 'event x')).toThrow(
        /event x has commit position 900 ≠ prepare position 700/,
      );
    });

    it('refuses the server’s “no position” marker and a missing position', () => {
      const unknown = 2n ** 64n - 1n;
      expect(() => fromKurrentPosition({ commit: unknown, prepare: unknown }, 'event y')).toThrow(/no known log position/);
      expect(() => fromKurrentPosition(undefined, 'event z')).toThrow(/without a log position/);
    });
  });

  describe('expected revision', () => {
    it.each([
      ['no-stream', NO_STREAM],
      ['exists', STREAM_EXISTS],
      ['any', ANY],
    ] as const)('maps %s to the client’s %s', (expected, state) => {
      expect(toStreamState(expected)).toBe(state);
    });

    it('passes a revision through as the bigint the client expects', () => {
      expect(toStreamState(7n)).toBe(7n);
    });

    it('refuses a negative revision, which the server would read as a named state', () => {
      expect(() => toStreamState(-1n)).toThrow(RangeError);
    });
  });

  describe('append errors', () => {
    it.each([
      [0n, 3n, 'stream policy-rule-r1 is at revision 3, expected revision 0'],
      [NO_STREAM, 0n, 'stream policy-rule-r1 is at revision 0, expected no-stream'],
      [STREAM_EXISTS, NO_STREAM, 'stream policy-rule-r1 is at no-stream, expected exists'],
      [-1n, 4n, 'stream policy-rule-r1 is at revision 4, expected no-stream'],
    ] as const)('turns WrongExpectedVersionError(expected %p, actual %p) into a ConcurrencyError', (expected, current, message) => {
      const translated = translateAppendError(wrongExpectedVersion(expected, current), 'policy-rule-r1');
      expect(translated).toBeInstanceOf(ConcurrencyError);
      expect(translated).toMatchObject({ kind: 'concurrency', code: 'concurrent_change', message });
    });

    it('names stream, expected and actual in the details, as the SQLite adapter does', () => {
      const translated = translateAppendError(wrongExpectedVersion(2n, NO_STREAM), 'policy-rule-r1') as ConcurrencyError;
      expect(translated.details).toEqual({ streamId: 'policy-rule-r1', expected: 'revision 2', actual: 'no-stream' });
    });

    it('leaves any other failure as it is', () => {
      const deleted = StreamDeletedError.fromStreamName('policy-rule-r1');
      expect(translateAppendError(deleted, 'policy-rule-r1')).toBe(deleted);
      const plain = new Error('connection refused');
      expect(translateAppendError(plain, 'policy-rule-r1')).toBe(plain);
    });

    it('recognises a missing stream, by class and by the client’s type tag', () => {
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 'policy-rule-r1'))).toBe(true);
      expect(isStreamNotFound(Object.assign(new Error('gone'), { type: 'stream-not-found' }))).toBe(true);
      expect(isStreamNotFound(new Error('gone'))).toBe(false);
    });
  });

  describe('the feed filter', () => {
    it('selects the rule streams by name prefix on the server', () => {
      expect(policyStreamFilter()).toMatchObject({ filterOn: 'streamName', prefixes: [POLICY_STREAM_PREFIX] });
    });

    it('leaves checkpoint streams out of the feed', () => {
      const { prefixes } = policyStreamFilter();
      expect(prefixes.some((prefix) => checkpointStreamName('projector').startsWith(prefix))).toBe(false);
      expect(CHECKPOINT_STREAM_PREFIX.startsWith(POLICY_STREAM_PREFIX)).toBe(false);
    });

    it.each([[[]], [['']], [['$ce-']]])('refuses prefixes %p, which would admit system or every stream', (prefixes) => {
      expect(() => policyStreamFilter(prefixes)).toThrow();
    });
  });

  describe('reading a stream', () => {
    it('reads everything forwards from revision 0 by default', () => {
      const plan = planReadStream();
      expect(plan).toMatchObject({ direction: FORWARDS, fromRevision: 0n, lowest: 0n, highest: undefined });
      expect(plan.maxCount).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    });

    it('turns a forwards range into a start and a count', () => {
      const plan = planReadStream({ fromRevision: 1n, toRevision: 3n });
      expect(plan).toMatchObject({ direction: FORWARDS, fromRevision: 1n, maxCount: 3n });
      expect([0n, 1n, 3n, 4n].map((revision) => placeRevision(plan, revision))).toEqual(['before', 'inside', 'inside', 'beyond']);
    });

    it('reads backwards from the end when no start is given, honouring maxCount', () => {
      expect(planReadStream({ direction: 'backwards', maxCount: 2 })).toMatchObject({
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 2n,
      });
    });

    it('turns a backwards range into a start and a count, and stops below its lower bound', () => {
      expect(planReadStream({ direction: 'backwards', fromRevision: 4n, toRevision: 2n })).toMatchObject({ fromRevision: 4n, maxCount: 3n });
      const fromEnd = planReadStream({ direction: 'backwards', toRevision: 2n });
      expect(fromEnd.maxCount).toBe(BigInt(Number.MAX_SAFE_INTEGER));
      expect([9n, 2n, 1n].map((revision) => placeRevision(fromEnd, revision))).toEqual(['inside', 'inside', 'beyond']);
    });

    it('asks for nothing when the range is empty or maxCount is 0', () => {
      expect(planReadStream({ fromRevision: 5n, toRevision: 4n }).maxCount).toBe(0n);
      expect(planReadStream({ direction: 'backwards', fromRevision: 1n, toRevision: 2n }).maxCount).toBe(0n);
      expect(planReadStream({ maxCount: 0 }).maxCount).toBe(0n);
    });

    it.each([{ maxCount: -1 }, { maxCount: 1.5 }, { fromRevision: -1n }])('refuses %p', (options) => {
      expect(() => planReadStream(options)).toThrow(RangeError);
    });
  });

  describe('reading the feed', () => {
    it('reads from the start of the log when no position is given', () => {
      expect(planReadAll({}, 1000)).toEqual({ fromPosition: START, maxCount: 1000, after: undefined, limit: 1000 });
    });

    it('starts at the position and asks for one more, because the server’s read includes it', () => {
      expect(planReadAll({ fromPosition: 4096n, limit: 10 }, 1000)).toEqual({
        fromPosition: { commit: 4096n, prepare: 4096n },
        maxCount: 11,
        after: 4096n,
        limit: 10,
      });
    });

    it('keeps only events strictly after the position, at most the limit', () => {
      const plan = planReadAll({ fromPosition: 20n, limit: 2 }, 1000);
      expect(selectPage([20n, 30n, 40n].map(recorded), plan).map((e) => e.position)).toEqual([30n, 40n]);
      expect(selectPage([30n, 40n, 50n].map(recorded), plan).map((e) => e.position)).toEqual([30n, 40n]);
    });

    it('refuses a negative or fractional limit', () => {
      expect(() => planReadAll({ limit: -1 }, 1000)).toThrow(RangeError);
      expect(() => planReadAll({ limit: 0.5 }, 1000)).toThrow(RangeError);
    });
  });

  describe('events', () => {
    it('sends data and metadata as JSON under the event’s id and type', () => {
      expect(toEventData({ eventId: ID, type: 'RuleProposed', data: { a: 1 }, metadata: { actor: 'x' } })).toEqual({
        id: ID,
        contentType: 'application/json',
        type: 'RuleProposed',
        data: { a: 1 },
        metadata: { actor: 'x' },
      });
    });

    it('sends missing metadata as {} so it reads back as the SQLite adapter’s does', () => {
      expect(toEventData({ eventId: ID, type: 'T', data: {}, metadata: undefined }).metadata).toEqual({});
    });

    it('refuses an event id that is not a UUID', () => {
      expect(() => toEventData({ eventId: 'e1', type: 'T', data: {}, metadata: {} })).toThrow(/not a UUID/);
    });

    it('reads a client event as the port’s RecordedEvent', () => {
      expect(toRecordedEvent(clientEvent())).toEqual({
        streamId: 'policy-rule-r1',
        revision: 2n,
        position: 4096n,
        eventId: ID,
        type: 'RuleApproved',
        data: { reason: 'ok' },
        metadata: { actor: 'admin' },
      });
    });

    it('reads absent metadata as {}', () => {
      expect(toRecordedEvent(clientEvent({ metadata: undefined })).metadata).toEqual({});
    });

    it('refuses a resolved link with no event behind it', () => {
      expect(() => toRecordedEvent({ event: undefined })).toThrow(/link/);
    });
  });

  describe('checkpoints', () => {
    it('keeps each name in its own stream', () => {
      expect(checkpointStreamName('kafka-relay')).toBe('policy-checkpoint-kafka-relay');
      expect(() => checkpointStreamName('')).toThrow();
    });

    it('stores the position as a decimal string, so positions past 2^53 survive', () => {
      const position = 2n ** 60n + 7n;
      const event = checkpointEvent(position, ID);
      expect(event).toMatchObject({ id: ID, type: CHECKPOINT_EVENT_TYPE, data: { position: position.toString() } });
      expect(parseCheckpoint(event.data)).toBe(position);
    });

    it.each([null, {}, { position: 12 }, { position: '-3' }, { position: '1e3' }])('refuses checkpoint data %p', (data) => {
      expect(() => parseCheckpoint(data)).toThrow(/holds no position/);
    });
  });
});

/**
 * The delivery loop behind `subscribe`, fed by an in-memory object stream that stands where the
 * client's `$all` subscription stands (a Node Readable that also emits `caughtUp`/`fellBehind`).
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

  it('reports again after each live batch, but not while the server says it fell behind', async () => {
    const source = new FakeSubscription();
    const { log, subscription } = start(source);
    source.emit('caughtUp', {});
    await settle();
    source.push$(40n);
    for (let i = 0; i < 5; i++) await settle();
    source.emit('fellBehind', {});
    source.push$(50n);
    for (let i = 0; i < 5; i++) await settle();
    source.emit('caughtUp', {});
    await settle();
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
