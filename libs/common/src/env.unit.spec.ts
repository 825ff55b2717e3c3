import { z } from 'zod';
import { ConfigError, EventStoreEnv, kafkaBrokersEnv, loadEnv, logLevelEnv, portEnv, requireKurrentDbConnection } from './env';

describe('loadEnv', () => {
  const Schema = z
    .object({ KAFKA_BROKERS: kafkaBrokersEnv, PORT: portEnv(3100), LOG_LEVEL: logLevelEnv, ...EventStoreEnv.shape })
    .superRefine(requireKurrentDbConnection);

  it('applies the fragments’ defaults and splits the broker list', () => {
    expect(loadEnv(Schema, { KAFKA_BROKERS: ' k1:9092, k2:9093 ,' })).toEqual({
      KAFKA_BROKERS: ['k1:9092', 'k2:9093'],
      PORT: 3100,
      LOG_LEVEL: 'log',
      POLICY_DATA_DIR: './data',
      EVENT_STORE: 'sqlite',
      POLICY_SQLITE_SYNC: 'FULL',
    });
  });

  it('counts an empty string as unset, so the default applies', () => {
    expect(loadEnv(Schema, { KAFKA_BROKERS: 'k:9092', POLICY_DATA_DIR: '', PORT: '' })).toMatchObject({
      POLICY_DATA_DIR: './data',
      PORT: 3100,
    });
  });

  it.each([
    [{}, 'KAFKA_BROKERS: required: comma-separated host:port list of Kafka brokers'],
    [{ KAFKA_BROKERS: ',' }, 'KAFKA_BROKERS: at least one host:port'],
    [{ KAFKA_BROKERS: 'kafka' }, 'KAFKA_BROKERS.0: host:port'],
    [{ KAFKA_BROKERS: 'k:9092', PORT: '70000' }, 'PORT: '],
    [{ KAFKA_BROKERS: 'k:9092', LOG_LEVEL: 'trace' }, 'LOG_LEVEL: '],
    [
      { KAFKA_BROKERS: 'k:9092', KURRENTDB_CONNECTION_STRING: 'esdb://x' },
      'KURRENTDB_CONNECTION_STRING: a kurrentdb:// or kurrentdb+discover:// URL',
    ],
    [{ KAFKA_BROKERS: 'k:9092', EVENT_STORE: 'kurrentdb' }, 'KURRENTDB_CONNECTION_STRING: required when EVENT_STORE=kurrentdb'],
  ])('refuses %j with a ConfigError naming the variable', (env, line) => {
    const attempt = () => loadEnv(Schema, env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^invalid configuration:\\n  ${line.replace(/[.+*?()[\]/\\]/g, '\\$&')}`));
  });

  it('lists every bad variable, one per line', () => {
    expect(() => loadEnv(Schema, { KAFKA_BROKERS: 'kafka', PORT: '-1' })).toThrow(
      /^invalid configuration:\n {2}KAFKA_BROKERS\.0: host:port\n {2}PORT: /,
    );
  });
});
