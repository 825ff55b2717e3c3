import { DEFAULT_RULE_TOPICS, ruleTopicConfigs, RuleTopicsEnv, ruleTopicsFrom, TopicSettingsEnv, topicSettingsFrom } from './topics';

describe('topic settings', () => {
  it('default to 3 partitions and replication factor 1', () => {
    expect(topicSettingsFrom(TopicSettingsEnv.parse({}))).toEqual({ partitions: 3, replicationFactor: 1 });
    expect(topicSettingsFrom(TopicSettingsEnv.parse({ KAFKA_PARTITIONS: '12', KAFKA_REPLICATION_FACTOR: '3' }))).toEqual({
      partitions: 12,
      replicationFactor: 3,
    });
  });

  it('name the contract topics unless overridden', () => {
    expect(ruleTopicsFrom(RuleTopicsEnv.parse({}))).toEqual(DEFAULT_RULE_TOPICS);
    expect(ruleTopicsFrom(RuleTopicsEnv.parse({ KAFKA_TOPIC_RULE_EVENTS: 't.events', KAFKA_TOPIC_RULE_STATE: 't.state' }))).toEqual({
      events: 't.events',
      state: 't.state',
    });
  });

  it('keep the events topic forever and compact the state topic', () => {
    const [events, state] = ruleTopicConfigs({ partitions: 6, replicationFactor: 3 });
    expect(events).toMatchObject({ topic: 'policy.rule-events.v1', numPartitions: 6, replicationFactor: 3 });
    expect(events.configEntries).toEqual(
      expect.arrayContaining([
        { name: 'retention.ms', value: '-1' },
        { name: 'cleanup.policy', value: 'delete' },
        { name: 'min.insync.replicas', value: '2' },
      ]),
    );
    expect(state).toMatchObject({ topic: 'policy.rule-state.v1', numPartitions: 6, replicationFactor: 3 });
    expect(state.configEntries).toEqual(expect.arrayContaining([{ name: 'cleanup.policy', value: 'compact' }]));
  });

  it.each([
    [2, '2'],
    [3, '2'],
    [5, '2'],
  ])('at replication factor %i keep an acknowledged write on %s replicas', (replicationFactor, minInSync) => {
    for (const topic of ruleTopicConfigs({ partitions: 1, replicationFactor })) {
      expect(topic.configEntries).toContainEqual({ name: 'min.insync.replicas', value: minInSync });
    }
  });

  it('never require more in-sync replicas than a single broker has', () => {
    const [events] = ruleTopicConfigs({ partitions: 1, replicationFactor: 1 });
    expect(events.configEntries).toContainEqual({ name: 'min.insync.replicas', value: '1' });
  });
});
