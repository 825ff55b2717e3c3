import { ruleFeedEventKind } from '../stream-tombstone';
import { toRecordedEvent } from './kurrentdb-events';
import { clientEvent } from './testing/kurrentdb-fixtures';

/**
 * A hard-deleted stream's tombstone as the client yields it on `$all`: the stream's own name,
 * type `$streamDeleted`, revision 2^63 - 1 (the server's EventNumber.DeletedStream), no data.
 */
const tombstone = (streamId: string) =>
  clientEvent({
    streamId,
    type: '$streamDeleted',
    revision: 2n ** 63n - 1n,
    data: new Uint8Array(0),
    metadata: undefined,
    isJson: false,
  } as never);

describe('KurrentDB tombstones on the feed', () => {
  describe('when a rule stream was deleted', () => {
    it('maps to an event the projector and the relay skip, not a rule event', () => {
      const event = toRecordedEvent(tombstone('policy-rule-us-h20-cn'));
      expect(event.streamId).toBe('policy-rule-us-h20-cn');
      expect(event.revision).toBe(2n ** 63n - 1n);
      expect(ruleFeedEventKind(event)).toBe('rule-stream-deleted');
    });
  });

  describe('when any other stream was deleted, or for ordinary events', () => {
    it('keeps the kind the stream name gives', () => {
      expect(ruleFeedEventKind(toRecordedEvent(tombstone('policy-catalogue')))).toBe('other');
      expect(ruleFeedEventKind(toRecordedEvent(clientEvent({ streamId: 'policy-rule-r1', type: 'RuleApproved' })))).toBe('rule-event');
      expect(ruleFeedEventKind(toRecordedEvent(clientEvent({ streamId: 'policy-evaluation-e1', type: 'EvaluationRecorded' })))).toBe(
        'other',
      );
    });
  });
});
