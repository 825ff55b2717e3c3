// When a started broker counts as ready, and waiting for that.
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { isAlive, logTail } from './broker-process.mjs';
import { log } from './kafka-support.mjs';
import { files, NODE_ID } from './state-layout.mjs';

const { Kafka, logLevel } = kafkajs;
const PROBE_TOPIC = 'policy-ledger-readiness-probe';

/**
 * One readiness check: the broker answers metadata requests, is registered and
 * unfenced, and the controller accepts a (validate-only) topic creation, i.e.
 * it can place a replica on this broker. Nothing is created.
 */
export async function probe(brokers, { timeoutMs = 3000 } = {}) {
  const kafka = new Kafka({
    clientId: 'policy-ledger-kafka-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING, // a refused connection while starting is expected, not news
    connectionTimeout: 1000,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers.some((b) => b.nodeId === NODE_ID)) throw new Error('broker not registered yet');
    await admin.createTopics({
      validateOnly: true,
      waitForLeaders: false,
      timeout: timeoutMs,
      topics: [{ topic: PROBE_TOPIC, numPartitions: 1, replicationFactor: 1 }],
    });
    return { ok: true, clusterId: cluster.clusterId };
  } catch (error) {
    return { ok: false, error: error?.message ?? String(error) };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// A fresh (or restarted) broker sets up internal state lazily: the first consumer
// group makes it create (or load) __consumer_offsets, the first idempotent producer
// makes it fetch a producer-id block from the controller. Until then clients get
// retriable COORDINATOR_NOT_AVAILABLE / COORDINATOR_LOAD_IN_PROGRESS errors, which
// kafkajs retries but logs at ERROR level. Doing both once here keeps test logs
// clean and the first test fast. Best effort: the broker is already serving.
export async function warmUp(brokers) {
  const kafka = new Kafka({
    clientId: 'policy-ledger-kafka-warmup',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    await admin.connect();
    await admin.describeGroups(['policy-ledger-warmup']);
    await producer.connect();
  } catch (error) {
    log(`Warm-up incomplete (clients will retry): ${error?.message ?? error}`);
  } finally {
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

// Polls `probe` until it succeeds, the process dies, or the deadline passes.
export async function waitUntilReady({ stateDir, brokers, pid, timeoutMs }) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastError;
  let lastReport = started;
  for (;;) {
    if (!isAlive(pid)) {
      throw new Error(`Kafka (pid ${pid}) exited during startup. Tail of ${files(stateDir).log}:\n${logTail(stateDir)}`);
    }
    const result = await probe(brokers);
    if (result.ok) return result;
    lastError = result.error;
    if (Date.now() > deadline) {
      throw new Error(
        `Kafka at ${brokers} not ready after ${timeoutMs} ms (last error: ${lastError}). ` +
          `Tail of ${files(stateDir).log}:\n${logTail(stateDir)}`,
      );
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`Still waiting for ${brokers} (${Math.round((lastReport - started) / 1000)} s): ${lastError}`);
    }
    await sleep(200);
  }
}
