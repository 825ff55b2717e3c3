import { randomUUID } from 'node:crypto';
import type { JSONEventData } from '@kurrent/kurrentdb-client';
import { toEventData } from './kurrentdb-events';

/**
 * Named checkpoints on KurrentDB: each is the last event of a stream of its own, outside the
 * feed's prefix, so they never reach subscribers.
 */
export const CHECKPOINT_STREAM_PREFIX = 'policy-checkpoint-';

export const CHECKPOINT_EVENT_TYPE = 'CheckpointSaved';

export const checkpointStreamName = (name: string): string => {
  if (name === '') throw new Error('a checkpoint needs a name');
  return `${CHECKPOINT_STREAM_PREFIX}${name}`;
};

/** The position travels as a decimal string: a JSON number would round it past 2^53. */
export const checkpointEvent = (position: bigint, eventId: string = randomUUID()): JSONEventData => {
  if (position < 0n) throw new RangeError(`checkpoint position ${position} is negative`);
  return toEventData({ eventId, type: CHECKPOINT_EVENT_TYPE, data: { position: position.toString() }, metadata: {} });
};

export const parseCheckpoint = (data: unknown): bigint => {
  const position = (data as { position?: unknown } | null)?.position;
  if (typeof position !== 'string' || !/^\d+$/.test(position)) {
    throw new Error(`checkpoint event holds no position: ${JSON.stringify(data)}`);
  }
  return BigInt(position);
};
