import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { h200ReviewProposal, startServiceProcess } from '@policy/testkit';
import { Kafka, logLevel } from 'kafkajs';

/**
 * The Kafka row of the benchmark: how long from sending a command over HTTP until a consumer
 * has the event from `policy.rule-events.v1`, against the broker's own produce → consume round
 * trip measured in the same run (the floor no relay can beat). Samples are sequential, one in
 * flight, so each measures latency rather than queueing.
 *
 * Runnable alone: `node dist/bench/src/kafka-latency.js [samples]` (starts its own broker and
 * api when KAFKA_BROKERS is unset).
 */

const ROOT = resolve(__dirname, '../../..');
const ADMIN_KEY = `bench-kafka-${randomUUID()}`;

export interface LatencySummary {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface KafkaLatencyResult {
  /** HTTP command sent → event consumed from the topic. */
  readonly commandToConsumed: LatencySummary;
  /** kafkajs produce (acks all) → consume of one message: the broker's own round trip. */
  readonly brokerRoundTrip: LatencySummary;
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export const summarise = (latencies: number[]): LatencySummary => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { samples: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)) };
};
const round = (ms: number) => Math.round(ms * 100) / 100;

/** How long the first message may take to arrive (the group settles), and every later one. */
const FIRST_ARRIVAL_MS = 30_000;
const ARRIVAL_MS = 10_000;

/**
 * A consumer of one topic that resolves a waiter when a message with the awaited id arrives.
 * It reads from the beginning: a consumer that starts at the end resolves "the end" only after
 * it has joined its group, so messages sent in between are never seen (how a freshly started
 * broker once lost the row its first message). Ids are unique to the run, so older messages
 * on a reused broker are passed over.
 */
const tracingConsumer = async (kafka: Kafka, topic: string, idOf: (value: Buffer) => string | undefined) => {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 5 });
  const waiting = new Map<string, (at: number) => void>();
  const early = new Map<string, number>();
  let assigned = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (assigned = true));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = performance.now();
      const id = message.value ? idOf(message.value) : undefined;
      if (!id) return;
      const resolveWaiter = waiting.get(id);
      if (resolveWaiter) resolveWaiter(at);
      else early.set(id, at);
    },
  });
  const deadline = Date.now() + 30_000;
  while (!assigned) {
    if (Date.now() > deadline) {
      await consumer.disconnect();
      throw new Error(`consumer of ${topic} did not join its group within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  let arrivals = 0;
  return {
    /** Resolves with the consume time of the message with this id. */
    arrival: (id: string) =>
      new Promise<number>((done, fail) => {
        const seen = early.get(id);
        if (seen !== undefined) return done(seen);
        const limit = arrivals++ === 0 ? FIRST_ARRIVAL_MS : ARRIVAL_MS;
        const timer = setTimeout(() => {
          waiting.delete(id);
          fail(new Error(`message ${id} not consumed within ${limit / 1000} s`));
        }, limit);
        waiting.set(id, (at) => (clearTimeout(timer), waiting.delete(id), done(at)));
      }),
    stop: () => consumer.disconnect(),
  };
};

/** Runs `use` on what `open` gives, then closes it on every path (a failed sample included). */
const using = async <T, R>(open: () => Promise<T>, close: (value: T) => Promise<unknown>, use: (value: T) => Promise<R>): Promise<R> => {
  const value = await open();
  try {
    return await use(value);
  } finally {
    await close(value).catch(() => undefined);
  }
};

/** A prefix unique to this run, so a reused broker's older messages never answer a sample. */
const RUN = randomUUID().slice(0, 8);

const brokerRoundTrip = async (brokers: string[], samples: number): Promise<LatencySummary> => {
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench.baseline.${randomUUID()}`;
  const opened = async () => {
    const admin = kafka.admin();
    await admin.connect();
    return admin;
  };
  const closed = async (admin: ReturnType<Kafka['admin']>) => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  };
  return using(opened, closed, async (admin) => {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const connected = () => producer.connect().then(() => producer);
    return using(
      connected,
      (p) => p.disconnect(),
      async () =>
        using(
          () => tracingConsumer(kafka, topic, (value) => value.toString()),
          (consumer) => consumer.stop(),
          async (consumer) => {
            const latencies: number[] = [];
            for (let i = 0; i < samples + 10; i++) {
              const id = `${RUN}-${i}`;
              const arrival = consumer.arrival(id);
              const sent = performance.now();
              await producer.send({ topic, acks: -1, messages: [{ key: id, value: id }] });
              const at = await arrival;
              if (i >= 10) latencies.push(at - sent); // the first few warm up connections and metadata
            }
            return summarise(latencies);
          },
        ),
    );
  });
};

const post = async (url: string, path: string, body: unknown): Promise<{ ruleId: string; revision: number }> => {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { ruleId: string; revision: number };
};

/** Each sample proposes a new rule: Commerce's H200 review, under the sample's own id. */
const rule = (ruleId: string) => h200ReviewProposal(ruleId, '2025-12-08');

const commandToConsumed = async (brokers: string[], samples: number): Promise<LatencySummary> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'policy-bench-kafka-'));
  const api = await startServiceProcess({
    root: ROOT,
    dataDir,
    adminKey: ADMIN_KEY,
    env: { KAFKA_BROKERS: brokers.join(',') },
    startTimeoutMs: 30_000,
  });
  const kafka = new Kafka({ clientId: 'bench-subscriber', brokers, logLevel: logLevel.NOTHING });
  try {
    // The relay creates the topic on connect; one command makes sure it exists before we subscribe.
    const warmUp = `bench-${RUN}-warm-up`;
    await post(api.url, '/rules', rule(warmUp));
    await waitForTopic(kafka, 'policy.rule-events.v1');
    const idOf = (value: Buffer) => {
      const data = (JSON.parse(value.toString()) as { data?: { ruleId?: string; revision?: number } }).data;
      return data ? `${data.ruleId}@${data.revision}` : undefined;
    };
    return await using(
      () => tracingConsumer(kafka, 'policy.rule-events.v1', idOf),
      (consumer) => consumer.stop(),
      async (consumer) => {
        // Measured only once the consumer has read the warm-up event: it has joined and is fetching.
        await consumer.arrival(`${warmUp}@0`);
        const latencies: number[] = [];
        for (let i = 0; i < samples + 10; i++) {
          const ruleId = `bench-${RUN}-${i}`;
          const arrival = consumer.arrival(`${ruleId}@0`);
          const sent = performance.now();
          await post(api.url, '/rules', rule(ruleId));
          const at = await arrival;
          if (i >= 10) latencies.push(at - sent);
        }
        return summarise(latencies);
      },
    );
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const waitForTopic = async (kafka: Kafka, topic: string): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 30_000;
    while (!(await admin.listTopics()).includes(topic)) {
      if (Date.now() > deadline) throw new Error(`topic ${topic} was not created by the relay`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await admin.disconnect();
  }
};

/** Starts a broker of the project's own (infra/kafka) unless KAFKA_BROKERS names one. */
const withBroker = async <T>(run: (brokers: string[]) => Promise<T>): Promise<T> => {
  if (process.env.KAFKA_BROKERS) return run(process.env.KAFKA_BROKERS.split(','));
  const stateDir = join(ROOT, '.cache', 'kafka-bench');
  const script = join(ROOT, 'infra/kafka/kafka.mjs');
  const started = spawnSync(process.execPath, [script, 'start', '--state-dir', stateDir, '--fresh'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = started.stdout.trim().split('\n').pop() ?? '';
  if (started.status !== 0 || !line.startsWith('KAFKA_BROKERS=')) throw new Error(`could not start a Kafka broker: ${started.stdout}`);
  try {
    return await run(line.slice('KAFKA_BROKERS='.length).split(','));
  } finally {
    spawnSync(process.execPath, [script, 'stop', '--state-dir', stateDir], { stdio: 'ignore' });
  }
};

export const measureKafkaLatency = (samples = 200): Promise<KafkaLatencyResult> =>
  withBroker(async (brokers) => ({
    brokerRoundTrip: await brokerRoundTrip(brokers, samples),
    commandToConsumed: await commandToConsumed(brokers, samples),
  }));

if (require.main === module) {
  measureKafkaLatency(Number(process.argv[2] ?? 200)).then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`kafka latency bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
