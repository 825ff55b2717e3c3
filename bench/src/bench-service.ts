import { randomUUID } from 'node:crypto';
import { ServiceProcess, startServiceProcess } from '@policy/testkit';
import { log } from './bench-numbers';
import { RssSampler } from './rss-sampler';

/** The key the bench's own requests carry: the service's bootstrap admin key, new each run. */
export const ADMIN_KEY = `bench-admin-${randomUUID()}`;

/** The service under load, with its memory sampled from the moment it is spawned. */
export interface BenchService extends ServiceProcess {
  readonly rss: RssSampler;
}

export const startBenchService = async (root: string, dataDir: string): Promise<BenchService> => {
  let rss: RssSampler | undefined;
  const service = await startServiceProcess({
    root,
    dataDir,
    adminKey: ADMIN_KEY,
    // The load comes from one address with one key, far past the per-client and per-key limits.
    env: { POLICY_RATE_LIMIT_PER_CLIENT: '0', POLICY_RATE_LIMIT_PER_KEY: '0', POLICY_HTTP_MAX_CONNECTIONS_PER_CLIENT: '0' },
    // Opening a million-event store and its read model can take minutes on a slow disk.
    startTimeoutMs: 300_000,
    onSpawn: (child) => (rss = new RssSampler(child.pid!).start()),
  });
  const sampler = rss!;
  await untilMemoryIndexLoaded(service.url, 300_000);
  return {
    ...service,
    rss: sampler,
    stop: async () => {
      sampler.sample();
      await service.stop();
    },
  };
};

/**
 * The service answers at once but loads the read model's in-memory index in the background
 * (SQLite answers lists and screenings until then): measuring before it is loaded would
 * measure the start-up, not the service.
 */
const untilMemoryIndexLoaded = async (url: string, timeoutMs: number): Promise<void> => {
  const started = Date.now();
  for (;;) {
    const health = (await (await fetch(`${url}/health`)).json()) as { components?: { projector?: { memoryIndex?: string } } };
    const state = health.components?.projector?.memoryIndex;
    if (state !== 'loading') {
      log(`  read model's in-memory index ${state ?? 'not reported'} ${Math.round((Date.now() - started) / 100) / 10} s after listening`);
      return;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`the in-memory index was still loading after ${timeoutMs / 1000} s`);
    await new Promise((done) => setTimeout(done, 250));
  }
};
