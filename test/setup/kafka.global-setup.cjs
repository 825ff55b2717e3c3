// Jest globalSetup: makes sure a Kafka broker is up before any test file runs and
// exports its address as KAFKA_BROKERS.
//
// - KAFKA_BROKERS already set (CI service, a broker you run yourself): used as is.
// - Otherwise a broker is started (infra/kafka/kafka.mjs) in its own state dir,
//   <project>/.cache/kafka-test, wiped on every run so each run starts from an
//   empty cluster. This also stops a broker left over by an interrupted run
//   (Ctrl-C skips globalTeardown). It never touches the dev broker of
//   `npm run kafka:start` (<project>/.cache/kafka).
//
// Jest forks its test workers after globalSetup and hands them process.env, so
// setting it here reaches every test (also with --runInBand, where tests run in
// this very process). Tests that need to stop/restart the broker can run
// `node infra/kafka/kafka.mjs stop|start` with child_process: POLICY_KAFKA_STATE_DIR
// is set below only when this setup owns the broker, and `start` comes back on the
// same port with the same data.
//
// This is plain CommonJS (not transformed by ts-jest) so that it can import() the
// ESM script in the Jest parent process.
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const projectRoot = path.resolve(__dirname, '..', '..');
const kafkaScript = pathToFileURL(path.join(projectRoot, 'infra', 'kafka', 'kafka.mjs')).href;
const stateDir = path.join(projectRoot, '.cache', 'kafka-test');

module.exports = async function kafkaGlobalSetup() {
  // Jest runs each distinct globalSetup once, but guard anyway (e.g. the same
  // setup listed under two paths): never start a second broker.
  if (globalThis.__POLICY_KAFKA__) return;
  if (process.env.KAFKA_BROKERS) {
    globalThis.__POLICY_KAFKA__ = { startedHere: false, brokers: process.env.KAFKA_BROKERS };
    return;
  }
  const { startKafka } = await import(kafkaScript);
  process.stderr.write('\n'); // Jest's progress line does not end with a newline
  const kafka = await startKafka({ stateDir, fresh: true });
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.env.POLICY_KAFKA_STATE_DIR = stateDir;
  globalThis.__POLICY_KAFKA__ = { startedHere: true, brokers: kafka.brokers, stateDir };
};
