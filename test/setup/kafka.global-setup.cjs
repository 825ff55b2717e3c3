// Jest globalSetup: makes sure a Kafka broker is up before any test file runs and
// exports its address as KAFKA_BROKERS.
//
// - KAFKA_BROKERS already set (CI service, a broker you run yourself): used as is.
// - Otherwise a broker is started with infra/kafka/kafka.mjs, with its own empty
//   state dir, <project>/.cache/kafka-test/run-<jest pid>, so every run starts
//   from an empty cluster. One dir per Jest process because two Jest runs in the
//   same checkout (say, `int` in one terminal and `e2e` in another) must not wipe
//   or stop each other's broker. Dirs of Jest processes that are gone (Ctrl-C
//   skips globalTeardown) are swept here: their broker is stopped, the dir removed.
//   The dev broker of `npm run kafka:start` (<project>/.cache/kafka) is never touched.
//
// Jest hands process.env to the test workers it forks after globalSetup (and with
// --runInBand tests run in this very process), so KAFKA_BROKERS set here reaches
// every test. POLICY_KAFKA_STATE_DIR is set too when this setup owns the broker:
// a test that needs the broker down for a while runs `node infra/kafka/kafka.mjs
// stop` and then `start` (child_process; it inherits the env), and the broker
// comes back on the same port with the same data.
//
// Plain CommonJS, not transformed by ts-jest, so that it can import() the ESM
// script here in the Jest parent process.
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const projectRoot = path.resolve(__dirname, '..', '..');
const kafkaScript = pathToFileURL(path.join(projectRoot, 'infra', 'kafka', 'kafka.mjs')).href;
const testStateRoot = path.join(projectRoot, '.cache', 'kafka-test');

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

// Stops and removes the brokers of earlier Jest runs that did not tear down.
async function sweepAbandonedRuns(stopKafka) {
  if (!fs.existsSync(testStateRoot)) return;
  for (const entry of fs.readdirSync(testStateRoot)) {
    const owner = /^run-(\d+)$/.exec(entry)?.[1];
    const dir = path.join(testStateRoot, entry);
    if (owner && Number(owner) !== process.pid && isAlive(Number(owner))) continue; // another live run
    if (fs.statSync(dir).isDirectory()) await stopKafka({ stateDir: dir });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = async function kafkaGlobalSetup() {
  // Jest runs each distinct globalSetup path once; still, never start two brokers.
  if (globalThis.__POLICY_KAFKA__) return;
  if (process.env.KAFKA_BROKERS) {
    globalThis.__POLICY_KAFKA__ = { startedHere: false, brokers: process.env.KAFKA_BROKERS };
    return;
  }
  const { startKafka, stopKafka } = await import(kafkaScript);
  process.stderr.write('\n'); // Jest's progress output does not always end with a newline
  await sweepAbandonedRuns(stopKafka);
  const stateDir = path.join(testStateRoot, `run-${process.pid}`);
  const kafka = await startKafka({ stateDir, fresh: true });
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.env.POLICY_KAFKA_STATE_DIR = kafka.stateDir;
  globalThis.__POLICY_KAFKA__ = { startedHere: true, brokers: kafka.brokers, stateDir: kafka.stateDir };
};
