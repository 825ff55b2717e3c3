import { EMPTY_ROOT, nodeHash } from './hashes';

/** A perfect subtree that an append completed: where it sits and its hash. */
export type CompletedNode = Readonly<{ level: number; index: number; hash: Buffer }>;

/**
 * The right edge of a growing tree: one perfect subtree per set bit of its size, largest
 * first. An append merges equal neighbours, so it costs one hash per level it completes (two
 * on average) and hands back each node it completed, for a store to keep.
 */
export class MerkleFrontier {
  private readonly stack: { level: number; hash: Buffer }[] = [];
  private count = 0;

  /** Resumes from the stored perfect subtrees of a tree of `size` leaves. */
  static resume(size: number, hash: (level: number, index: number) => Buffer): MerkleFrontier {
    const frontier = new MerkleFrontier();
    let start = 0;
    for (let level = 31; level >= 0; level--) {
      const width = 2 ** level;
      if (size & width) {
        frontier.stack.push({ level, hash: hash(level, start / width) });
        start += width;
      }
    }
    frontier.count = size;
    return frontier;
  }

  get size(): number {
    return this.count;
  }

  append(leaf: Buffer, completed?: CompletedNode[]): void {
    let node = { level: 0, hash: leaf };
    let index = this.count;
    completed?.push({ level: 0, index, hash: leaf });
    for (let top = this.stack.at(-1); top !== undefined && top.level === node.level; top = this.stack.at(-1)) {
      this.stack.pop();
      node = { level: node.level + 1, hash: nodeHash(top.hash, node.hash) };
      index = Math.floor(index / 2);
      completed?.push({ level: node.level, index, hash: node.hash });
    }
    this.stack.push(node);
    this.count += 1;
  }

  /** MTH of everything appended: the edge folded from the right. */
  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let root = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) root = nodeHash(this.stack[i]!.hash, root);
    return root;
  }
}
