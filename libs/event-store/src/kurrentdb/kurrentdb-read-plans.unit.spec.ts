import { BACKWARDS, END, FORWARDS, START } from '@kurrent/kurrentdb-client';
import { RULE_STREAM_PREFIX } from '@policy/domain';
import type { RecordedEvent } from '../event-store.port';
import { CHECKPOINT_STREAM_PREFIX, checkpointStreamName } from './kurrentdb-checkpoints';
import { placeRevision, planReadAll, planReadStream, policyStreamFilter, selectPage } from './kurrentdb-read-plans';
import { ID } from './testing/kurrentdb-fixtures';

const recorded = (position: bigint): RecordedEvent => ({
  streamId: 'policy-rule-r1',
  revision: position,
  position,
  eventId: ID,
  type: 'T',
  data: {},
  metadata: {},
});

describe('KurrentDB mapping', () => {
  describe('the feed filter', () => {
    it("selects the service's streams (rules, catalogue, recorded evaluations) by name prefix on the server", () => {
      expect(policyStreamFilter()).toMatchObject({
        filterOn: 'streamName',
        prefixes: [RULE_STREAM_PREFIX, 'policy-catalogue', 'policy-evaluation-'],
      });
    });

    it('leaves checkpoint streams out of the feed', () => {
      const { prefixes } = policyStreamFilter();
      expect(prefixes.some((prefix) => checkpointStreamName('projector').startsWith(prefix))).toBe(false);
      expect(prefixes.some((prefix) => CHECKPOINT_STREAM_PREFIX.startsWith(prefix))).toBe(false);
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
      expect(planReadStream({ direction: 'backwards', fromRevision: 4n, toRevision: 2n })).toMatchObject({
        fromRevision: 4n,
        maxCount: 3n,
      });
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
});
