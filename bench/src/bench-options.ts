import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HistoryOptions } from './history';

/**
 * The bench's command line:
 *
 *   npm run bench                         100,000 rules, 1,000,000 events (about 10 minutes)
 *   npm run bench -- --quick              10,000 rules, 100,000 events, short phases (about 1 minute)
 *   npm run bench -- --rules 50000 --events 400000 --seconds 10 --clients 32 --keep
 *   npm run bench:wrk -- --data-dir /tmp/b [--reuse]   only the wrk rows (screening, lists), on a
 *                                         history kept in the dir and, with --reuse, not regenerated
 *
 * and its environment: BENCH_KAFKA=off skips the Kafka row, KAFKA_BROKERS names a broker to
 * use instead of starting one.
 */
export const ROOT = resolve(__dirname, '../../..');
const RESULTS = join(ROOT, 'bench/results');

export interface BenchOptions {
  readonly quick: boolean;
  readonly history: HistoryOptions;
  /** Concurrent clients of the many-client phases. */
  readonly clients: number;
  /** Measured length of each load phase. */
  readonly seconds: number;
  /** Load sent before measuring starts, to warm connections, caches and the JIT. */
  readonly warmupMs: number;
  /** Given: the data is kept there; otherwise a temporary dir is used and removed. */
  readonly dataDir?: string;
  readonly keep: boolean;
  /** bench:wrk only: use the history already in `dataDir` when it was generated with the same options. */
  readonly reuse: boolean;
  readonly out: string;
  readonly kafka: boolean;
}

export const benchOptions = (argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchOptions => {
  const { values: args } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rules: { type: 'string' },
      events: { type: 'string' },
      'hot-events': { type: 'string' },
      clients: { type: 'string', default: '32' },
      seconds: { type: 'string' },
      seed: { type: 'string', default: '20261122' },
      'data-dir': { type: 'string' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      out: { type: 'string', default: join(RESULTS, 'latest.json') },
    },
  });
  const quick = args.quick!;
  return {
    quick,
    history: {
      rules: Number(args.rules ?? (quick ? 10_000 : 100_000)),
      events: Number(args.events ?? (quick ? 100_000 : 1_000_000)),
      hotRuleEvents: Number(args['hot-events'] ?? 10_000),
      seed: Number(args.seed),
      from: '2019-01-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
    },
    clients: Number(args.clients),
    seconds: Number(args.seconds ?? (quick ? 4 : 15)),
    warmupMs: quick ? 1000 : 3000,
    dataDir: args['data-dir'],
    keep: args.keep!,
    reuse: args.reuse!,
    out: args.out!,
    kafka: env.BENCH_KAFKA !== 'off',
  };
};
