// Jest globalTeardown: stops the broker kafka.global-setup.cjs started, and only
// that one (a broker given through KAFKA_BROKERS is left alone). Its state dir
// (<project>/.cache/kafka-test, incl. kafka.log) is kept for post-mortems; the
// next run wipes it.
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
};
