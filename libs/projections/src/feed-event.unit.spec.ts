import type { RecordedEvent } from '@policy/event-store';
import { applyFeedEvent, FeedTarget } from './feed-event';

const recording = () => {
  const calls: string[] = [];
  const target: FeedTarget = {
    apply: (envelope) => void calls.push(`apply ${envelope.ruleId}@${envelope.revision}`),
    skip: (position) => void calls.push(`skip ${position}`),
  };
  return { calls, target };
};

const event = (overrides: Partial<RecordedEvent>): RecordedEvent => ({
  streamId: 'policy-rule-r1',
  revision: 0n,
  position: 7n,
  eventId: '0b7e6c1e-6a43-4a7c-9d0f-3f1c2b9a8e11',
  type: '$streamDeleted',
  data: new Uint8Array(0),
  metadata: {},
  ...overrides,
});

describe('applyFeedEvent', () => {
  describe('when a rule stream was deleted (a KurrentDB tombstone)', () => {
    it('moves the checkpoint past it and reports it, folding nothing in', () => {
      const { calls, target } = recording();
      const warnings: string[] = [];
      applyFeedEvent(target, event({ revision: 2n ** 63n - 1n }), {
        log: () => undefined,
        warn: (m) => void warnings.push(m),
        error: () => undefined,
      });
      expect(calls).toEqual(['skip 7']);
      expect(warnings).toEqual([expect.stringContaining('policy-rule-r1 was deleted in the store')]);
    });
  });

  describe('when the event belongs to another stream', () => {
    it('moves the checkpoint only', () => {
      const { calls, target } = recording();
      applyFeedEvent(target, event({ streamId: 'policy-catalogue', type: 'ProductClassified', position: 9n }));
      expect(calls).toEqual(['skip 9']);
    });
  });
});
