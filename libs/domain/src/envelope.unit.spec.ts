import { StoredRuleEvent, toEnvelope, toStoredParts, toTrustedEnvelope, UnreadableEventError } from './envelope';
import { RuleEvent } from './rule-events';
import { happened, proposed } from '@policy/testkit';

/** An event as a store hands it back: its parts through JSON, as they were written. */
const stored = (event: RuleEvent, revision: number): StoredRuleEvent => ({
  eventId: `e-${revision}`,
  revision: BigInt(revision),
  position: BigInt(revision + 1),
  ...JSON.parse(JSON.stringify(toStoredParts(event, { actor: 'key:admin', correlationId: 'c-1' }))),
});

const events: RuleEvent[] = [
  proposed('h200', '2025-12-08T00:00:00.000Z'),
  happened('RulePaused', '2025-12-10T00:00:00.000Z', 'h200'),
  happened('RuleApproved', '2025-12-11T00:00:00.000Z', 'h200'),
];

describe('A stored rule event', () => {
  describe('when of the current schema version', () => {
    it('reads as an envelope exactly as full validation reads it', () => {
      events.forEach((event, i) => expect(toTrustedEnvelope(stored(event, i))).toEqual(toEnvelope(stored(event, i))));
    });

    it('reads the same with numbers for its revision and position (a scan of the log file)', () => {
      const scanned = { ...stored(events[1], 1), revision: 1, position: 2 };
      expect(toTrustedEnvelope(scanned)).toEqual(toEnvelope(stored(events[1], 1)));
    });
  });

  describe('when it cannot be taken as stored', () => {
    it('is validated in full, and garbage is refused', () => {
      const older = { ...stored(events[1], 1), metadata: { ...(stored(events[1], 1).metadata as object), schemaVersion: 0 } };
      expect(() => toTrustedEnvelope(older)).toThrow(UnreadableEventError);
      expect(() => toTrustedEnvelope({ ...stored(events[1], 1), type: 'RuleExploded' })).toThrow(UnreadableEventError);
      expect(() => toTrustedEnvelope({ ...stored(events[1], 1), data: null })).toThrow(UnreadableEventError);
    });
  });
});
