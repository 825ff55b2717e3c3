import { toEventData, toRecordedEvent } from './kurrentdb-events';
import { clientEvent, ID } from './testing/kurrentdb-fixtures';

describe('KurrentDB mapping', () => {
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
});
