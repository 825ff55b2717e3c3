// `node infra/kafka/kafka.mjs start|stop|status`: arguments to the lifecycle calls, and
// the exit code.
import { parseArgs } from 'node:util';
import { kafkaStatus, startKafka, stopKafka } from './kafka-lifecycle.mjs';
import { log } from './kafka-support.mjs';
import { defaultStateDir } from './state-layout.mjs';

export async function main(argv) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string' },
      port: { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  const stateDir = values['state-dir'] ?? defaultStateDir();

  switch (command) {
    case 'start': {
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
        throw new Error(`--port must be a TCP port number, not '${values.port}'`);
      }
      const kafka = await startKafka({ stateDir, port, fresh: values.fresh });
      process.stdout.write(`KAFKA_BROKERS=${kafka.brokers}\n`);
      return 0;
    }
    case 'stop': {
      const { stopped } = await stopKafka({ stateDir });
      if (!stopped) log(`No broker running for ${stateDir}.`);
      return 0;
    }
    case 'status': {
      const info = await kafkaStatus({ stateDir });
      if (!info) {
        log(`No broker answering for ${stateDir}.`);
        return 1;
      }
      process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
      return 0;
    }
    default:
      process.stderr.write('Usage: node infra/kafka/kafka.mjs <start|stop|status> [--state-dir DIR] [--port N] [--fresh]\n');
      return 2;
  }
}
