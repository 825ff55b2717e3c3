import { CHECKPOINT_EVENT_TYPE, checkpointEvent, checkpointStreamName, parseCheckpoint } from './kurrentdb-checkpoints';
import { ID } from './testing/kurrentdb-fixtures';

describe('KurrentDB mapping', () => {
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
