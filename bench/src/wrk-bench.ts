import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOptions, ROOT } from './bench-options';
import { exitWhenDone } from './bench-exit';
import { log } from './bench-numbers';
import { startBenchService } from './bench-service';
import { COUNTRIES, emptyFacts, generateHistory, ITEMS, PARTIES, RuleFacts } from './history';
import { generate } from './store-runs';
import { runWrkPhases } from './wrk-phases';

/**
 * `npm run bench:wrk`: only the rows wrk drives (the empty route, screenings, list pages), for
 * working on the read paths without the full run's baselines, rebuild and write phases. With
 * `--data-dir` and `--reuse` the history stays between runs: it is regenerated only when the
 * options that shape it change, and the facts the phases need are replayed from the generator,
 * which is deterministic for a seed.
 */
const options = benchOptions();
const marker = (dataDir: string) => join(dataDir, 'bench-history.json');

const historyIn = (dataDir: string): RuleFacts => {
  // The vocabulary shapes the history as much as the options do.
  const shape = JSON.stringify({ history: options.history, vocabulary: [ITEMS, COUNTRIES, PARTIES] });
  if (options.reuse && existsSync(join(dataDir, 'events.sqlite')) && existsSync(marker(dataDir))) {
    if (readFileSync(marker(dataDir), 'utf8') === shape) {
      log(`reusing the history in ${dataDir}`);
      const facts = emptyFacts(options.history);
      for (const event of generateHistory(options.history, facts)) void event;
      return facts;
    }
  }
  for (const name of ['events.sqlite', 'read-model.sqlite', 'screening.sqlite', 'snapshots.sqlite', 'keys.sqlite']) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `${name}${suffix}`), { force: true });
  }
  log('generating the history into the event store...');
  const { facts, seconds } = generate(dataDir, options.history);
  log(`  ${options.history.events} events in ${Math.round(seconds)} s`);
  writeFileSync(marker(dataDir), shape);
  return facts;
};

const main = async (): Promise<void> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'policy-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const facts = historyIn(dataDir);
  log('starting the service on the history...');
  const service = await startBenchService(ROOT, dataDir);
  try {
    await runWrkPhases(service, options, facts);
  } finally {
    await service.stop();
    log(`service peak RSS ${service.rss.stop()} MiB`);
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench:wrk failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(exitWhenDone);
