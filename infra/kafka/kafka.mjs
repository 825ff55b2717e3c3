#!/usr/bin/env node
// A real single-node Apache Kafka broker (KRaft, combined broker+controller) for
// tests and local runs, installed by the project itself: no Docker, no system-wide
// Kafka. Needs Java 17+ on PATH (or JAVA_HOME) and, on first use only, Maven.
//
//   node infra/kafka/kafka.mjs start  [--state-dir DIR] [--port N] [--fresh]
//   node infra/kafka/kafka.mjs stop   [--state-dir DIR]
//   node infra/kafka/kafka.mjs status [--state-dir DIR]
//
// `start` prints progress on stderr and, as its last stdout line, exactly
// `KAFKA_BROKERS=127.0.0.1:<port>`, so `eval "$(node infra/kafka/kafka.mjs start)"`
// or `... | tail -n1` works. The broker keeps running after the script exits.
//
// Environment:
//   POLICY_KAFKA_CACHE             jar cache dir (default ${XDG_CACHE_HOME:-~/.cache}/policy-ledger/kafka-<version>/libs)
//   POLICY_KAFKA_STATE_DIR         state dir: config, data, log, pid (default <project>/.cache/kafka)
//   POLICY_KAFKA_START_TIMEOUT_MS  readiness deadline for `start` (default 90000)
//   POLICY_KAFKA_STOP_TIMEOUT_MS   graceful-shutdown deadline for `stop` before SIGKILL (default 30000)
//   JAVA_HOME, MVN                 which java / mvn to run (default: from PATH)
//
// The module also exports startKafka()/stopKafka()/kafkaStatus() for Jest global
// setup. (Jest test files cannot import this ESM file from ts-jest's CommonJS
// runtime; tests that need to stop and restart the broker should run this CLI
// with child_process instead.)
// The parts: state-layout (paths, defaults), kafka-jars (Maven resolution), broker-ports,
// broker-config (config files, storage format), broker-process (spawn, pid, signals),
// broker-readiness, start-lock, kafka-lifecycle (start/stop/status), kafka-cli.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './kafka-cli.mjs';
import { log } from './kafka-support.mjs';

export { ensureKafkaJars } from './kafka-jars.mjs';
export { kafkaStatus, startKafka, stopKafka } from './kafka-lifecycle.mjs';
export { defaultLibsDir, defaultStateDir } from './state-layout.mjs';

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      log(error?.message ?? String(error));
      process.exitCode = 1;
    },
  );
}
