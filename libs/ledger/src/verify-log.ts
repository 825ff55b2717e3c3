import { openCheckpoint, Checkpoint } from './checkpoint';
import { canonicalJson, isCanonicalEntry } from './entry';
import { MerkleFrontier } from './frontier';
import { leafHash } from './hashes';
import { NoteError, VerifierKey } from './note';

/** One leaf of the tree as its holder serves it, beside the entry the log holds at its position now. */
export type ServedLeaf = Readonly<{ index: number; position: number; leafHash: Buffer; entry: string | null }>;

export type LogProblem = 'signature' | 'edited' | 'deleted' | 'swapped' | 'truncated' | 'fork' | 'tree';

export type LogVerdict =
  | Readonly<{ ok: true; checkpoint: Checkpoint; leaves: number }>
  | Readonly<{ ok: false; problem: LogProblem; position?: number; message: string }>;

export interface VerifyLogInput {
  readonly key: VerifierKey;
  /** The latest signed checkpoint the log's holder gives. */
  readonly checkpoint: string;
  /** A checkpoint saved by an earlier run, which the log must still extend. */
  readonly saved?: string;
  /** The tree's leaves from index 0 on, in order. */
  readonly leaves: AsyncIterable<ServedLeaf> | Iterable<ServedLeaf>;
}

const fail = (problem: LogProblem, message: string, position?: number): LogVerdict => ({ ok: false, problem, position, message });

/** The same event's entry at another position: what a swap of two rows leaves behind. */
const atPosition = (entry: string, position: number): string | undefined => {
  try {
    return canonicalJson({ ...(JSON.parse(entry) as object), position });
  } catch {
    return undefined;
  }
};

/**
 * Checks a log against its signed checkpoint and, when given, a checkpoint saved earlier:
 * every entry must hash to its leaf, the leaves to the signed root, and the saved tree must be
 * a prefix of the signed one. Names the first position that breaks, and how.
 */
export const verifyLog = async ({ key, checkpoint, saved, leaves }: VerifyLogInput): Promise<LogVerdict> => {
  let latest: Checkpoint;
  let earlier: Checkpoint | undefined;
  try {
    latest = openCheckpoint(checkpoint, key);
    earlier = saved === undefined ? undefined : openCheckpoint(saved, key, latest.origin);
  } catch (error) {
    return fail('signature', error instanceof NoteError ? error.message : String(error));
  }
  if (earlier && earlier.size > latest.size) {
    return fail(
      'truncated',
      `the log's checkpoint has ${latest.size} leaves, fewer than the ${earlier.size} of the saved one: its tail was cut at leaf ${latest.size}`,
    );
  }
  const frontier = new MerkleFrontier();
  let lastPosition = 0;
  let first: { leaf: ServedLeaf; problem: 'edited' | 'deleted'; moved?: string } | undefined;
  let missingSince: ServedLeaf | undefined;
  let allMissing = true;
  for await (const leaf of leaves) {
    if (leaf.index >= latest.size) break;
    if (leaf.index !== frontier.size || leaf.position <= lastPosition) {
      return fail('tree', `the tree's leaf ${leaf.index} (position ${leaf.position}) is out of order`, leaf.position);
    }
    lastPosition = leaf.position;
    frontier.append(leaf.leafHash);
    if (earlier && frontier.size === earlier.size && !frontier.root().equals(earlier.root)) {
      return fail(
        'fork',
        `fork: the first ${earlier.size} leaves, up to position ${leaf.position}, no longer hash to the saved checkpoint's root: history at or before position ${leaf.position} was rewritten`,
        leaf.position,
      );
    }
    if (first) {
      if (leaf.entry !== null) allMissing = false;
      const moved = first.moved === undefined ? undefined : atPosition(first.moved, leaf.position);
      if (moved !== undefined && leafHash(moved).equals(leaf.leafHash)) {
        return fail(
          'swapped',
          `position ${first.leaf.position} holds the event of position ${leaf.position}: the two were swapped`,
          first.leaf.position,
        );
      }
      continue;
    }
    if (leaf.entry === null) {
      first = { leaf, problem: 'deleted' };
      missingSince = leaf;
      continue;
    }
    // Canonical form checked here, not trusted: the same event may be written only one way.
    if (!isCanonicalEntry(leaf.entry) || !leafHash(leaf.entry).equals(leaf.leafHash))
      first = { leaf, problem: 'edited', moved: leaf.entry };
  }
  if (frontier.size < latest.size) {
    return fail('truncated', `the tree has ${frontier.size} leaves, fewer than the ${latest.size} its checkpoint signs`, lastPosition);
  }
  if (first?.problem === 'deleted' && allMissing) {
    return fail(
      'truncated',
      `the log ends before position ${missingSince!.position}: its tail from there to position ${lastPosition} was cut`,
      missingSince!.position,
    );
  }
  if (first?.problem === 'deleted') return fail('deleted', `position ${first.leaf.position} is gone from the log`, first.leaf.position);
  if (first)
    return fail('edited', `position ${first.leaf.position} was edited: its entry no longer hashes to its leaf`, first.leaf.position);
  if (!frontier.root().equals(latest.root)) return fail('tree', `the tree does not hash to its signed root: it was altered`);
  return { ok: true, checkpoint: latest, leaves: frontier.size };
};
