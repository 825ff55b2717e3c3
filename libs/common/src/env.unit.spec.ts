import { z } from 'zod';
import {
  ConfigError,
  EventStoreEnv,
  kafkaBrokersEnv,
  loadConfigOrExit,
  loadEnv,
  logLevelEnv,
  portEnv,
  requireKurrentDbConnection,
} from './env';

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
      POLICY_STORE_START_TIMEOUT_MS: 60_000,
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

describe('loadConfigOrExit', () => {
  /** Stands in for the process: records what was written and the exit status, then stops the call as exit would. */
  const fakeProcess = () => {
    const written: string[] = [];
    const exits: number[] = [];
    return {
      written,
      exits,
      io: {
        stderr: { write: (text: string) => written.push(text) > 0 },
        exit: (code: number): never => {
          exits.push(code);
          throw new Error('exited');
        },
      },
    };
  };

  it('returns the configuration when it loads', () => {
    const { io, written, exits } = fakeProcess();
    expect(loadConfigOrExit(() => ({ PORT: 1 }), 'svc', io)).toEqual({ PORT: 1 });
    expect(written).toEqual([]);
    expect(exits).toEqual([]);
  });

  it('prints a ConfigError after the process name and exits 1', () => {
    const { io, written, exits } = fakeProcess();
    const load = () => loadEnv(z.object({ KAFKA_BROKERS: kafkaBrokersEnv }), {});
    expect(() => loadConfigOrExit(load, 'policy-ledger publisher', io)).toThrow('exited');
    expect(written).toEqual([
      'policy-ledger publisher: invalid configuration:\n  KAFKA_BROKERS: required: comma-separated host:port list of Kafka brokers\n',
    ]);
    expect(exits).toEqual([1]);
  });

  it('throws any other error on, without exiting', () => {
    const { io, exits } = fakeProcess();
    const load = (): never => {
      throw new TypeError('not a config problem');
    };
    expect(() => loadConfigOrExit(load, 'svc', io)).toThrow(TypeError);
    expect(exits).toEqual([]);
  });
});
