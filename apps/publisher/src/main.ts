import { flushTraces, loadConfigOrExit, secureDataDir, startTracing } from '@policy/common';
import { openEventStore, StoreStartError } from '@policy/event-store';
import {
  DEFAULT_RELAY_CHECKPOINT,
  jsonLinesLogger,
  KafkaRelay,
  LogLevel,
  openLeaseStore,
  RelayLease,
  ruleTopicsFrom,
  topicSettingsFrom,
} from '@policy/messaging';
import { loadPublisherConfig, PublisherConfig } from './config';

/** LOG_LEVEL is shared with the api, whose levels are finer than the relay's three. */
const logLevel = (level: PublisherConfig['LOG_LEVEL']): LogLevel => (level === 'error' || level === 'warn' ? level : 'log');

/**
 * The publisher: relays the event log to Kafka as its own process beside the api, reading the
 * same store (the same SQLite file, or KurrentDB). Runs until SIGTERM or SIGINT, then stops after the batch in flight.
 */
const main = async (): Promise<void> => {
  const config = loadConfigOrExit(() => loadPublisherConfig(), 'policy-ledger publisher');
  // It may be the first process to create the shared data directory.
  secureDataDir(config.POLICY_DATA_DIR);
  startTracing(config);
  const logger = jsonLinesLogger(logLevel(config.LOG_LEVEL));
  const store = await openEventStore({
    kind: config.EVENT_STORE,
    dataDir: config.POLICY_DATA_DIR,
    sqliteSync: config.POLICY_SQLITE_SYNC,
    pollIntervalMs: config.PUBLISHER_POLL_INTERVAL_MS,
    kurrentDbConnectionString: config.KURRENTDB_CONNECTION_STRING,
    startTimeoutMs: config.POLICY_STORE_START_TIMEOUT_MS,
    logger: { log: (message) => logger.log({ event: 'store', message }), warn: (message) => logger.warn({ event: 'store', message }) },
  });
  await store.open?.();
  const leases = openLeaseStore(config.EVENT_STORE, config.POLICY_DATA_DIR, store);
  // One publisher at a time, however many run: the others stand by (see RelayLease).
  const lease = new RelayLease({ store: leases, name: DEFAULT_RELAY_CHECKPOINT, leaseMs: config.KAFKA_RELAY_LEASE_MS, logger });
  const relay = new KafkaRelay({
    lease,
    store,
    kafka: { brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID },
    logger,
    batchSize: config.KAFKA_RELAY_BATCH_SIZE,
    topics: ruleTopicsFrom(config),
    topicSettings: topicSettingsFrom(config),
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log({ event: 'publisher.stopping', signal });
    relay
      .stop()
      .then(() => leases.close())
      .then(() => store.close())
      .then(flushTraces)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ event: 'publisher.stop-failed', error: error instanceof Error ? error.message : String(error) });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  logger.log({
    event: 'publisher.starting',
    brokers: config.KAFKA_BROKERS,
    store: config.EVENT_STORE,
    dataDir: config.POLICY_DATA_DIR,
    checkpoint: Number((await store.checkpoints.load(DEFAULT_RELAY_CHECKPOINT)) ?? 0n),
  });
  relay.start();
};

if (require.main === module) {
  main().catch((error: unknown) => {
    const detail = error instanceof StoreStartError ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`policy-ledger publisher failed to start: ${detail}\n`);
    process.exit(1);
  });
}
