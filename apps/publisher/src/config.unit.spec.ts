import { loadPublisherConfig } from './config';

describe('publisher configuration', () => {
  it('needs only KAFKA_BROKERS', () => {
    expect(loadPublisherConfig({ KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9092' })).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:9092', 'kafka-2:9092'],
      POLICY_DATA_DIR: './data',
      EVENT_STORE: 'sqlite',
      KAFKA_PARTITIONS: 3,
      KAFKA_REPLICATION_FACTOR: 1,
      KAFKA_RELAY_BATCH_SIZE: 500,
      PUBLISHER_POLL_INTERVAL_MS: 25,
    });
  });

  it.each([
    [{}, 'KAFKA_BROKERS'],
    [{ KAFKA_BROKERS: '' }, 'KAFKA_BROKERS'],
    [{ KAFKA_BROKERS: 'no-port' }, 'KAFKA_BROKERS'],
    [{ KAFKA_BROKERS: 'k:9092', EVENT_STORE: 'postgres' }, 'EVENT_STORE'],
    [{ KAFKA_BROKERS: 'k:9092', EVENT_STORE: 'kurrentdb' }, 'KURRENTDB_CONNECTION_STRING'],
    [{ KAFKA_BROKERS: 'k:9092', KAFKA_PARTITIONS: '0' }, 'KAFKA_PARTITIONS'],
    [{ KAFKA_BROKERS: 'k:9092', KAFKA_REPLICATION_FACTOR: 'three' }, 'KAFKA_REPLICATION_FACTOR'],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(() => loadPublisherConfig(env)).toThrow(new RegExp(`^invalid configuration:\\n  ${variable}`));
  });
});
