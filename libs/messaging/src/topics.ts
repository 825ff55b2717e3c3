import { Admin, ITopicConfig } from 'kafkajs';
import { z } from 'zod';

/** Every rule event, as a CloudEvent keyed by ruleId; kept forever, it is a copy of the log. */
export const RULE_EVENTS_TOPIC = 'policy.rule-events.v1';
/** Compacted: the latest state of each rule, keyed by ruleId. */
export const RULE_STATE_TOPIC = 'policy.rule-state.v1';

/** The pair of topics one relay writes; overridable so tests and tenants do not collide. */
export interface RuleTopics {
  readonly events: string;
  readonly state: string;
}

export const DEFAULT_RULE_TOPICS: RuleTopics = { events: RULE_EVENTS_TOPIC, state: RULE_STATE_TOPIC };

export interface TopicSettings {
  /**
   * Partitions per topic. The key (ruleId) picks the partition, so raising it later moves
   * rules to other partitions and breaks per-rule order across the change: choose it once.
   */
  readonly partitions: number;
  readonly replicationFactor: number;
}

export const TopicSettingsEnv = z.object({
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(10_000).default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(32).default(1),
});

/** Topic name overrides, for a shared cluster or tests; the defaults are the contract. */
export const RuleTopicsEnv = z.object({
  KAFKA_TOPIC_RULE_EVENTS: z.string().min(1).default(RULE_EVENTS_TOPIC),
  KAFKA_TOPIC_RULE_STATE: z.string().min(1).default(RULE_STATE_TOPIC),
});

export const ruleTopicsFrom = (env: z.infer<typeof RuleTopicsEnv>): RuleTopics => ({
  events: env.KAFKA_TOPIC_RULE_EVENTS,
  state: env.KAFKA_TOPIC_RULE_STATE,
});

export const topicSettingsFrom = (env: z.infer<typeof TopicSettingsEnv>): TopicSettings => ({
  partitions: env.KAFKA_PARTITIONS,
  replicationFactor: env.KAFKA_REPLICATION_FACTOR,
});

/**
 * `min.insync.replicas` for a replication factor. With replication, an acknowledged write
 * (acks=all) must be on at least two replicas, so losing one broker loses nothing acknowledged.
 * What that costs in availability: at replication factor 2 both replicas must be in sync, so
 * while either broker of a partition is down the relay's writes to it are refused (it backs
 * off and retries; reads go on); from 3 one broker may be down and writes go on. Above 3 it
 * stays at 2, trading a third guaranteed copy for writes that survive more failures. Without
 * replication there is only the one copy.
 */
export const minInSyncReplicas = (replicationFactor: number): number => Math.max(1, Math.min(2, replicationFactor));

/** The topics as they must be created. */
export const ruleTopicConfigs = (settings: TopicSettings, topics: RuleTopics = DEFAULT_RULE_TOPICS): ITopicConfig[] => {
  const minInSync = String(minInSyncReplicas(settings.replicationFactor));
  const common = { numPartitions: settings.partitions, replicationFactor: settings.replicationFactor };
  return [
    {
      topic: topics.events,
      ...common,
      configEntries: [
        { name: 'cleanup.policy', value: 'delete' },
        { name: 'retention.ms', value: '-1' },
        { name: 'retention.bytes', value: '-1' },
        { name: 'min.insync.replicas', value: minInSync },
      ],
    },
    {
      topic: topics.state,
      ...common,
      configEntries: [
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'min.insync.replicas', value: minInSync },
      ],
    },
  ];
};

/**
 * Creates whichever of the two topics is missing. Existing topics are left as they are
 * (partitions and configs included): changing them is an operator's decision, not a side
 * effect of a deploy.
 */
export const ensureTopics = async (
  admin: Admin,
  settings: TopicSettings,
  topics: RuleTopics = DEFAULT_RULE_TOPICS,
): Promise<{ created: string[]; existing: string[] }> => {
  const present = new Set(await admin.listTopics());
  const wanted = ruleTopicConfigs(settings, topics);
  const missing = wanted.filter((config) => !present.has(config.topic));
  // Another relay may create them between the listing and here; kafkajs then answers false.
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  return {
    created: missing.map((config) => config.topic),
    existing: wanted.filter((config) => present.has(config.topic)).map((config) => config.topic),
  };
};

/** Compacted: the ledger's latest signed checkpoint, keyed by the log's origin. */
export const LEDGER_CHECKPOINTS_TOPIC = 'policy.ledger-checkpoints.v1';

export const ledgerCheckpointsTopicConfig = (settings: TopicSettings, topic = LEDGER_CHECKPOINTS_TOPIC): ITopicConfig => ({
  topic,
  numPartitions: 1,
  replicationFactor: settings.replicationFactor,
  configEntries: [
    { name: 'cleanup.policy', value: 'compact' },
    { name: 'min.insync.replicas', value: String(minInSyncReplicas(settings.replicationFactor)) },
  ],
});
