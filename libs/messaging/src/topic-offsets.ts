import { backoffDelay, sleep } from '@policy/common';
import type { Admin } from 'kafkajs';

/** Errors a partition gives while its leadership moves (a new topic, a broker restart): asking again a little later answers. */
const LEADERSHIP_MOVING = new Set(['NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE']);

export type TopicOffsets = Awaited<ReturnType<Admin['fetchTopicOffsets']>>;

/**
 * `admin.fetchTopicOffsets`, asked again while a partition's leadership is moving. kafkajs
 * retries only an unknown topic there and gives up at once on "not the leader", which a
 * topic just created (or a broker just restarted) answers for a moment; the admin's next
 * metadata read finds the new leader.
 */
export const fetchTopicOffsets = async (admin: Admin, topic: string, timeoutMs = 30_000): Promise<TopicOffsets> => {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type === undefined || !LEADERSHIP_MOVING.has(type) || Date.now() > deadline) throw error;
      await sleep(backoffDelay(attempt, { initialMs: 100, maxMs: 1000 }));
      await admin.fetchTopicMetadata({ topics: [topic] });
    }
  }
};
