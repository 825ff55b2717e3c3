import { randomUUID } from 'node:crypto';
import { ServiceProcess, startServiceProcess } from '@policy/testkit';
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
  return {
    ...service,
    rss: sampler,
    stop: async () => {
      sampler.sample();
      await service.stop();
    },
  };
};
