import { CompletedNode, MerkleFrontier } from '../frontier';
import { leafHash } from '../hashes';
import { PerfectSubtrees } from '../merkle';

/** A tree held in memory, for tests: every perfect subtree the frontier completed, by level. */
export const memoryTree = (entries: readonly (string | Uint8Array)[]): PerfectSubtrees & { root(): Buffer } => {
  const frontier = new MerkleFrontier();
  const levels: Buffer[][] = [];
  for (const entry of entries) {
    const completed: CompletedNode[] = [];
    frontier.append(leafHash(entry), completed);
    for (const node of completed) (levels[node.level] ??= [])[node.index] = node.hash;
  }
  return {
    hash: (level, index) => {
      const hash = levels[level]?.[index];
      if (!hash) throw new RangeError(`no perfect subtree at level ${level} index ${index}`);
      return hash;
    },
    root: () => frontier.root(),
  };
};
