import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Answer, client, eventually, h200, RunningService, startService } from './support/service';

/**
 * The built service on a real 20 MB file system (a tmpfs this test mounts; CI runs as root)
 * that is then filled to the last byte by another file: writes are refused with 503
 * `storage_unavailable`, every write that was acknowledged stays readable, and once the file is
 * removed the service takes writes again by itself, with nothing acknowledged lost (also after
 * a restart).
 */
const mountPoint = mkdtempSync(join(tmpdir(), 'policy-full-disk-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', mountPoint], { encoding: 'utf8' });
const mountProblem = mounted.status === 0 ? undefined : (mounted.error?.message ?? mounted.stderr.trim()) || `exit ${mounted.status}`;

/** Fills the file system with one file until it refuses more (ENOSPC); returns its path. */
const fill = (path: string): string => {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return path;
};

const propose = (api: ReturnType<typeof client>, ruleId: string): Promise<Answer> => api.post('/rules', h200(ruleId));

describe('A full disk', () => {
  afterAll(() => {
    if (mountProblem === undefined) spawnSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  if (mountProblem !== undefined) {
    process.stdout.write(`full-disk spec skipped: cannot mount a tmpfs at ${mountPoint} (${mountProblem}); it needs root\n`);
    it.skip(`refuses writes 503 and recovers: skipped, a tmpfs cannot be mounted here (${mountProblem})`, () => undefined);
    return;
  }

  describe('when the data directory runs out of space, and space returns', () => {
    let service: RunningService | undefined;
    afterEach(async () => service?.stop());

    it('answers 503 storage_unavailable, keeps every acknowledged write visible, and recovers by itself', async () => {
      const dataDir = join(mountPoint, 'data');
      mkdirSync(dataDir);
      service = await startService({ dataDir, env: { POLICY_SQLITE_SYNC: 'NORMAL' } });
      let api = client(service.url);
      expect((await propose(api, 'before-full')).status).toBe(201);

      const filler = fill(join(mountPoint, 'filler'));
      const acknowledged = ['before-full'];
      const refused: Answer[] = [];
      for (let i = 0; i < 400 && refused.length < 3; i++) {
        const answer = await propose(api, `while-full-${i}`);
        if (answer.status === 201) acknowledged.push(`while-full-${i}`);
        else refused.push(answer);
      }
      expect(refused.length).toBeGreaterThan(0);
      for (const answer of refused) {
        expect(answer.status).toBe(503);
        expect(answer.body.error.code).toBe('storage_unavailable');
        expect(answer.body.error.message).toMatch(/full or failing; nothing was recorded/);
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // Never taken back: every acknowledged write reads 200 while the disk stays full, each time.
      for (let round = 0; round < 3; round++) {
        for (const ruleId of acknowledged) expect([ruleId, (await api.get(`/rules/${ruleId}`)).status]).toEqual([ruleId, 200]);
      }
      const health = await api.get('/health');
      expect(health.body.components.projector.storage?.failing ?? health.body.status === 'ok').toBeTruthy();

      unlinkSync(filler);
      const afterSpace = await eventually(
        async () => {
          const answer = await propose(api, 'after-space-returned');
          return answer.status === 201 ? answer : undefined;
        },
        'a write to succeed once space returned',
        90_000,
      );
      acknowledged.push('after-space-returned');
      for (const ruleId of acknowledged) expect([ruleId, (await api.get(`/rules/${ruleId}`)).status]).toEqual([ruleId, 200]);
      // The ledger's tree file shares the disk: it kept what it could not write and signs a
      // checkpoint over every acknowledged event once it can (the process never died of it).
      const position = Number(afterSpace.body.receipt?.position ?? afterSpace.body.position);
      expect(position).toBeGreaterThan(0);
      const proof = await eventually(
        async () => {
          const answer = await api.get(`/ledger/proofs/inclusion?position=${position}`);
          return answer.status === 200 ? answer : undefined;
        },
        `a signed checkpoint covering position ${position}`,
        30_000,
      );
      expect(proof.body.treeSize).toBeGreaterThanOrEqual(position);

      const output = service.output();
      const commitLines = output.split('\n').filter((line) => line.includes('the read model cannot commit'));
      const ledgerLines = output.split('\n').filter((line) => line.includes('the ledger cannot write'));
      // One line per attempt, with growing pauses, and no stack traces.
      const pauses = commitLines.map((line) => Number(/next attempt in (\d+) ms/.exec(line)?.[1]));
      for (let i = 1; i < pauses.length; i++) expect(pauses[i]).toBeGreaterThanOrEqual(pauses[i - 1]);
      expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

      // Nothing acknowledged lost, also across a restart.
      await service.stop();
      service = await startService({ dataDir, env: { POLICY_SQLITE_SYNC: 'NORMAL' } });
      api = client(service.url);
      for (const ruleId of acknowledged) expect([ruleId, (await api.get(`/rules/${ruleId}`)).status]).toEqual([ruleId, 200]);
      process.stdout.write(
        `full disk: ${acknowledged.length} writes acknowledged, ${refused.length} refused 503, ${commitLines.length} commit retries logged, ${ledgerLines.length} ledger write retries logged\n`,
      );
    });
  });
});
