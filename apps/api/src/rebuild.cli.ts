import { secureDataDir } from '@policy/common';
import { buildReadModel, PROJECTION_VERSION, RuleReadModel, siblingPath } from '@policy/projections';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config/config';
import { createEventStore } from './store/event-store.provider';

/**
 * `npm run rebuild`: builds the read model from the log, offline, as fast as the machine
 * allows, into a new file beside the current one; then puts it in place of the current one.
 *
 *   npm run rebuild               the service must be stopped: its file is replaced
 *   npm run rebuild -- --beside   leaves the new file beside the current one, which a running
 *                                 service (say, the previous release) keeps using; the next
 *                                 start of the service adopts it and only catches up the tail
 *
 * The last line printed is a JSON summary (events, elapsedMs, eventsPerSecond, position).
 */
const usage = 'usage: npm run rebuild [-- --beside]';

const main = async (): Promise<number> => {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--beside');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\n${usage}\n`);
    return 2;
  }
  const beside = args.includes('--beside');
  const config = loadConfig();
  secureDataDir(config.POLICY_DATA_DIR);
  const store = await createEventStore(config);
  const file = join(config.POLICY_DATA_DIR, 'read-model.sqlite');
  const target = siblingPath(file);
  process.stdout.write(`building read model v${PROJECTION_VERSION} from the log into ${target}\n`);
  try {
    const result = await buildReadModel(store, target, {
      progressEveryMs: 2000,
      onProgress: (p) =>
        process.stdout.write(`  ${p.events} events, ${rate(p.events, p.elapsedMs)} events/s, at position ${p.position ?? 'start'}\n`),
    });
    if (!beside) new RuleReadModel(file).close();
    process.stdout.write(beside ? `left beside ${file}: the next start of the service adopts it\n` : `replaced ${file}\n`);
    const summary = {
      events: result.events,
      elapsedMs: result.elapsedMs,
      eventsPerSecond: rate(result.events, result.elapsedMs),
      position: result.position === undefined ? null : Number(result.position),
      file: beside ? target : file,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } finally {
    await store.close();
  }
};

const rate = (events: number, ms: number): number => (ms > 0 ? Math.round((events / ms) * 1000) : 0);

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      error instanceof ConfigError
        ? `policy-ledger: ${error.message}\n`
        : `rebuild failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
