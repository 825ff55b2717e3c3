// Jest globalTeardown: stops the broker kafka.global-setup.cjs started, and only
// that one (a broker given through KAFKA_BROKERS is left alone), then removes its
// state dir. Set POLICY_KAFKA_KEEP_TEST_STATE=1 to keep the dir (with kafka.log)
// for a post-mortem; the next run's setup sweeps it.
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const projectRoot = path.resolve(__dirname, '..', '..');
const kafkaScript = pathToFileURL(path.join(projectRoot, 'infra', 'kafka', 'kafka.mjs')).href;

module.exports = async function kafkaGlobalTeardown() {
  const kafka = globalThis.__POLICY_KAFKA__;
  delete globalThis.__POLICY_KAFKA__;
  if (!kafka?.startedHere) return;
  const { stopKafka } = await import(kafkaScript);
  await stopKafka({ stateDir: kafka.stateDir });
  if (!process.env.POLICY_KAFKA_KEEP_TEST_STATE) fs.rmSync(kafka.stateDir, { recursive: true, force: true });
};
