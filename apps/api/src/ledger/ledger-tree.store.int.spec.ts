import { leafHash } from '@policy/ledger';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerTreeStore } from './ledger-tree.store';

/**
 * The tree file on a real 4 MB file system (a tmpfs this spec mounts; it needs root) filled to
 * the last byte: a batch the file cannot take is refused whole, and the tree in memory stays the
 * file's, so the same leaves go in once space returns and the root is the one they make.
 */
const mountPoint = mkdtempSync(join(tmpdir(), 'policy-ledger-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { encoding: 'utf8' });
const mountProblem = mounted.status === 0 ? undefined : (mounted.error?.message ?? mounted.stderr.trim()) || `exit ${mounted.status}`;

const fill = (path: string): void => {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
};

const leaves = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ position: from + i, hash: leafHash(`event at ${from + i}`) }));

describe('LedgerTreeStore', () => {
  afterAll(() => {
    if (mountProblem === undefined) spawnSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  if (mountProblem !== undefined) {
    process.stdout.write(`ledger full-disk spec skipped: cannot mount a tmpfs at ${mountPoint} (${mountProblem}); it needs root\n`);
    it.skip(`keeps its tree on a full disk: skipped, a tmpfs cannot be mounted here (${mountProblem})`, () => undefined);
    return;
  }

  describe('when its disk is full', () => {
    it('refuses the batch whole, keeps the tree of the file, and takes the same leaves once space returns', () => {
      const tree = new LedgerTreeStore(join(mountPoint, 'ledger.sqlite'));
      const reference = new LedgerTreeStore(':memory:');
      try {
        const first = leaves(1, 100);
        tree.append(first);
        reference.append(first);
        const rootBefore = tree.root();

        const filler = join(mountPoint, 'filler');
        fill(filler);
        // Far more than any page the WAL may still hold free: 20,000 leaves are about 2 MB of rows.
        const refused = leaves(101, 20_000);
        expect(() => tree.append(refused)).toThrow(/full|SQLITE_FULL|disk/i);
        expect([tree.size, tree.position, tree.root()]).toEqual([100, 100, rootBefore]);

        unlinkSync(filler);
        tree.append(refused);
        reference.append(refused);
        expect([tree.size, tree.position]).toEqual([20_100, 20_100]);
        expect(tree.root()).toEqual(reference.root());
        expect(tree.rootAt(20_100)).toEqual(reference.root());
      } finally {
        tree.close();
        reference.close();
      }
    });
  });
});
