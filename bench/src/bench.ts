import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { insertCeiling, naiveHotFold, pipeline } from './baselines';
import { benchOptions, ROOT } from './bench-options';
import { exitWhenDone } from './bench-exit';
import { log, round } from './bench-numbers';
import { startBenchService } from './bench-service';
import { BENCH_ACTOR } from './history';
import { kafkaFigure } from './kafka-figure';
import { ledgerFigures, ledgerRuns } from './ledger-bench';
import { loneWriteFigure, measureLoneAppends } from './lone-write';
import { gitCommit, machine } from './machine';
import { PhaseResults, runPhases } from './phases';
import { figures, table } from './report';
import { generate, rebuild } from './store-runs';
import { wrkFigures } from './wrk-figures';
import { runWrkPhases, WrkPhases } from './wrk-phases';

/**
 * `npm run bench`: generates a history straight into a SQLite event store, then measures, in
 * one run and on this machine, what docs/architecture.md sets targets for, each beside a baseline taken
 * in the same run: appends over HTTP against bare SQLite inserts, point-in-time reads against
 * folding the log on every read, both against an empty route, the rebuild against the insert
 * ceiling. Prints a table and writes bench/results/latest.json. Options: bench-options.ts.
 */
const options = benchOptions();
const { history, clients, seconds, quick } = options;

/** Removes what an earlier run left in a reused data dir, so every run starts from the generated log. */
const prepareDataDir = (): string => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'policy-bench-'));
  mkdirSync(dataDir, { recursive: true });
  rmSync(join(dataDir, 'events.sqlite'), { force: true });
  for (const name of ['read-model.sqlite', 'snapshots.sqlite', 'keys.sqlite', 'ledger.sqlite']) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `${name}${suffix}`), { force: true });
  }
  return dataDir;
};

/** The one-client HTTP append and empty route, driven by wrk where its phases answered (else the Node client's). */
const loneHttp = (wrk: WrkPhases, phases: PhaseResults['phases']) => {
  const byWrk = (name: string) => {
    const phase = wrk.phases[name];
    return phase === undefined || 'error' in phase ? undefined : phase;
  };
  const http = byWrk('wrk propose, 1 client');
  const floor = byWrk('wrk floor, 1 client');
  return http && floor
    ? { http, floor, generator: 'wrk' }
    : { http: phases['appends, 1 client'], floor: phases['floor, 1 client'], generator: 'the Node client' };
};

const main = async (): Promise<void> => {
  const started = Date.now();
  const dataDir = prepareDataDir();
  const host = machine();
  const git = gitCommit(ROOT);
  log(
    `policy-ledger bench: ${history.rules} rules, ${history.events} events, ${clients} clients, ${seconds} s phases, on ${host.cores} x ${host.cpu}`,
  );
  log(`data in ${dataDir}`);

  log('generating the history into the event store...');
  const generated = generate(dataDir, history);
  const { facts } = generated;
  log(
    `  ${history.events} events in ${round(generated.seconds, 1)} s (${Math.round(history.events / generated.seconds)}/s), ${round(generated.bytes / 2 ** 20, 0)} MiB`,
  );

  log('baseline: bare SQLite inserts...');
  const ceiling = insertCeiling(history, quick ? 50_000 : 200_000);
  log(
    `  ${ceiling.batchedPerSecond} rows/s in 1,000-row transactions; ${ceiling.perCommitPerSecond} commits/s one row each (synchronous=FULL)`,
  );

  log('full rebuild of the read model from the log (npm run rebuild)...');
  const rebuilt = await rebuild(ROOT, dataDir);
  log(`  ${rebuilt.events} events in ${rebuilt.elapsedMs} ms: ${rebuilt.eventsPerSecond} events/s, peak RSS ${rebuilt.peakRssMb} MiB`);

  log('baseline: folding the long rule from the log on every read...');
  const naiveHot = await naiveHotFold(dataDir, facts);
  log(`  ${history.hotRuleEvents} events folded in ${naiveHot.p50Ms} ms (p50 of ${naiveHot.samples})`);

  log(`baseline: the write path without HTTP, ${clients} callers...`);
  const inProcess = pipeline(ROOT, clients, seconds);
  log(
    `  ${inProcess.perSecond}/s, p50 ${inProcess.p50Ms} ms, p99 ${inProcess.p99Ms} ms, ${inProcess.cpuMicrosPerCommand} us CPU per command`,
  );

  log('ledger: the write path again, with the ledger following it...');
  const withLedger = pipeline(ROOT, clients, seconds, true);
  log(`  ${withLedger.perSecond}/s, p50 ${withLedger.p50Ms} ms, p99 ${withLedger.p99Ms} ms`);
  log('ledger: building the tree from the log, then inclusion proofs on it...');
  const ledger = await ledgerRuns(dataDir);
  log(
    `  ${ledger.build.events} leaves at ${ledger.build.eventsPerSecond}/s (hashing alone ${ledger.hashOnly.eventsPerSecond}/s); proofs p50 ${ledger.inclusion.p50Ms} / p99 ${ledger.inclusion.p99Ms} ms`,
  );

  log('where a lone write waits: the store alone, then the write path without HTTP, 1 caller...');
  const loneFull = await measureLoneAppends('FULL', Math.min(seconds, 5));
  const loneNormal = await measureLoneAppends('NORMAL', Math.min(seconds, 5));
  const loneInProcess = pipeline(ROOT, 1, seconds);
  log(
    `  store append with fsync p50 ${loneFull.p50Ms} / p99 ${loneFull.p99Ms} ms, without ${loneNormal.p50Ms} / ${loneNormal.p99Ms} ms; the write path without HTTP ${loneInProcess.p50Ms} / ${loneInProcess.p99Ms} ms`,
  );

  log('starting the service on the generated data...');
  const service = await startBenchService(ROOT, dataDir);
  let measured: PhaseResults;
  let wrk: WrkPhases;
  try {
    // Before the Node client's phases: their appends add rules that screenings would then meet.
    wrk = await runWrkPhases(service, options, facts);
    measured = await runPhases(service, options, facts);
  } finally {
    await service.stop();
  }
  const { phases, coldReplay } = measured;
  const servicePeakRssMb = service.rss.stop();
  const servicePeakAnonMb = service.rss.anonMb();
  const serviceEndRssMb = service.rss.lastMb();
  log(`service peak RSS: ${servicePeakRssMb} MiB (anonymous ${servicePeakAnonMb} MiB), at the end ${serviceEndRssMb} MiB`);
  const kafka = await kafkaFigure(options.kafka, quick);

  const rows = figures({
    clients,
    hotRuleEvents: history.hotRuleEvents,
    phases,
    coldReplayMs: coldReplay.ms,
    ceiling,
    inProcess,
    naiveHot,
    rebuilt,
    servicePeakRssMb,
    servicePeakAnonMb,
    storeBytes: generated.bytes,
    kafka: kafka.figure,
  })
    .concat(
      loneWriteFigure({
        full: loneFull,
        normal: loneNormal,
        withoutHttp: loneInProcess,
        ...loneHttp(wrk, phases),
      }),
    )
    .concat(wrkFigures({ clients, wrk, node: phases, serviceEndRssMb, servicePeakRssMb, events: history.events }))
    .concat(ledgerFigures(ledger, withLedger, inProcess, clients));
  log('');
  log(table(rows));
  const result = {
    date: new Date().toISOString(),
    ...git,
    machine: host,
    options: { ...history, clients, phaseSeconds: seconds, warmupMs: options.warmupMs, quick },
    history: {
      generatedPerSecond: Math.round(history.events / generated.seconds),
      storeBytes: generated.bytes,
      liveRulesAtEnd: facts.live.length,
      clockSkew: facts.skew,
      actor: BENCH_ACTOR,
    },
    figures: rows,
    raw: {
      insertCeiling: ceiling,
      writePathWithoutHttp: inProcess,
      writePathWithLedger: withLedger,
      ledger,
      loneWrite: { storeWithFsync: loneFull, storeWithoutFsync: loneNormal, writePathWithoutHttp: loneInProcess },
      rebuild: rebuilt,
      naiveHotFold: naiveHot,
      coldReplayMs: coldReplay.ms,
      phases,
      servicePeakRssMb,
      servicePeakAnonMb,
      serviceEndRssMb,
      wrk,
      kafka: kafka.raw,
    },
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(resolve(options.out, '..'), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
  log(`\nwrote ${options.out} (${result.durationSeconds} s)`);
  if (!options.keep && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
};

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(exitWhenDone);
