import { ApiError, get, getText } from './api';
import { isConsistent, leafHashOf, openCheckpoint, Receipt, rootFromInclusion, VerifiedCheckpoint } from './proof';

/** The event an answer says it rests on: a rule's stream at a revision, or a log position. */
export type ProofAnchor = Readonly<{ streamId: string; revision: number }> | Readonly<{ position: number }>;

export type ProofStepId = 'checkpoint' | 'entry' | 'inclusion' | 'consistency';
export interface ProofStep {
  readonly id: ProofStepId;
  readonly ok: boolean;
  readonly text: string;
}
export interface ReceiptCheck {
  readonly steps: readonly ProofStep[];
  /** All steps held. */
  readonly ok: boolean;
  /** The event is not yet under a signed checkpoint: nothing failed, it is too early to tell. */
  readonly early?: string;
  /**
   * Whose key checked the signatures: the auditor's, or the service's own from `/ledger/key`,
   * which shows the answer is in the log the service signs, not that the service is honest.
   */
  readonly keyFrom: 'yours' | 'service';
}

interface InclusionAnswer {
  leafIndex: number;
  leafHash: string;
  treeSize: number;
  auditPath: string[];
}
interface EntriesAnswer {
  entries: { index: number; position: number; leafHash: string; entry: string | null }[];
}

/** Whether the consistency proof the service gives shows that `later` only extends `earlier`. */
const extendsCheckpoint = async (earlier: VerifiedCheckpoint, later: VerifiedCheckpoint): Promise<boolean> =>
  earlier.origin === later.origin &&
  earlier.size <= later.size &&
  get<{ proof: string[] }>(`/ledger/proofs/consistency?from=${earlier.size}&to=${later.size}`).then(
    ({ proof }) => isConsistent(earlier.size, later.size, proof, earlier.root, later.root),
    () => false,
  );

/** The key the auditor gave, or the service's own. */
const keyToCheckWith = async (verifierKey?: string): Promise<string> => verifierKey?.trim() || (await getText('/ledger/key')).trim();

/** The leaf at `index` as the service lists it: position, hash and entry text. */
const leafAt = async (index: number) => (await get<EntriesAnswer>(`/ledger/entries?from=${index}&limit=1`)).entries[0];

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The audit path in the first of the trees that holds the leaf, or undefined when none does yet. */
const inclusionIn = async (position: number, sizes: number[]): Promise<{ proof: InclusionAnswer; size: number } | undefined> => {
  for (const size of sizes) {
    const proof = await get<InclusionAnswer>(`/ledger/proofs/inclusion?position=${position}&treeSize=${size}`).catch((error: unknown) => {
      if (error instanceof ApiError && (error.status === 400 || error.status === 404)) return undefined;
      throw error;
    });
    if (proof) return { proof, size };
  }
  return undefined;
};

const entryMatches = (entry: Record<string, unknown>, receipt: Receipt, anchor: ProofAnchor): string | undefined => {
  if (entry.position !== receipt.position) return `the entry is of position ${String(entry.position)}, not ${receipt.position}`;
  if ('position' in anchor && receipt.position !== anchor.position) {
    return `the receipt is of position ${receipt.position}, but the answer rests on position ${anchor.position}`;
  }
  if ('streamId' in anchor && (entry.streamId !== anchor.streamId || entry.revision !== anchor.revision)) {
    return `the entry is ${String(entry.streamId)} revision ${String(entry.revision)}, not ${anchor.streamId} revision ${anchor.revision}`;
  }
  return undefined;
};

/**
 * Checks a receipt end to end: both checkpoints' signatures, the entry's leaf hash recomputed,
 * the audit path climbed to a signed root, and the log only grown between the receipt's
 * checkpoint and the latest. `verifierKey` is the key the auditor holds; the server's otherwise.
 */
export const checkReceipt = async (receipt: Receipt, anchor: ProofAnchor, verifierKey?: string): Promise<ReceiptCheck> => {
  const steps: ProofStep[] = [];
  const keyFrom = verifierKey?.trim() ? 'yours' : 'service';
  const done = (early?: string): ReceiptCheck => ({ steps, ok: !early && steps.every((step) => step.ok), early, keyFrom });
  const key = await keyToCheckWith(verifierKey);
  let given: VerifiedCheckpoint;
  let latest: VerifiedCheckpoint;
  try {
    given = await openCheckpoint(receipt.checkpoint, key);
    latest = await openCheckpoint(await getText('/ledger/checkpoint'), key);
  } catch (error) {
    steps.push({ id: 'checkpoint', ok: false, text: `A checkpoint does not verify: ${message(error)}.` });
    return done();
  }
  const signed = `signed by ${given.signedBy}`;
  steps.push({
    id: 'checkpoint',
    ok: true,
    text: `The receipt's checkpoint (${given.size} leaves) and the latest (${latest.size}) are ${signed}.`,
  });

  const included = await inclusionIn(receipt.position, given.size === latest.size ? [given.size] : [given.size, latest.size]);
  if (!included) {
    // Leaves are in position order: once the latest checkpoint's last leaf is at or past the
    // event's position, the event is under it, and a service that proves nothing contradicts itself.
    const last = latest.size === 0 ? undefined : await leafAt(latest.size - 1);
    if (last && last.position >= receipt.position) {
      steps.push({
        id: 'inclusion',
        ok: false,
        text: `The latest checkpoint covers the log up to position ${last.position}, yet the service gives no inclusion proof for position ${receipt.position}.`,
      });
      return done();
    }
    return done(
      `The event at position ${receipt.position} is not under a signed checkpoint yet (the latest covers ${latest.size} leaves); one follows within a second.`,
    );
  }
  const { proof, size } = included;
  const covering = size === given.size ? given : latest;

  const found = await leafAt(proof.leafIndex);
  const computed = found?.entry == null ? undefined : await leafHashOf(found.entry);
  const mismatch =
    found?.entry == null
      ? 'the log holds no entry there'
      : entryMatches(JSON.parse(found.entry) as Record<string, unknown>, receipt, anchor);
  const entryOk = computed === receipt.leafHash && mismatch === undefined;
  steps.push({
    id: 'entry',
    ok: entryOk,
    text: entryOk
      ? `Leaf ${proof.leafIndex} (position ${receipt.position}) hashes to the receipt's leaf hash ${receipt.leafHash}.`
      : `Leaf ${proof.leafIndex}: ${mismatch ?? `its entry hashes to ${computed}, the receipt says ${receipt.leafHash}`}.`,
  });

  const root = computed && (await rootFromInclusion(proof.leafIndex, size, computed, proof.auditPath));
  steps.push({
    id: 'inclusion',
    ok: root === covering.root,
    text:
      root === covering.root
        ? `Its audit path of ${proof.auditPath.length} hashes climbs to the signed root of ${size} leaves.`
        : `Its audit path does not climb to the signed root of ${size} leaves.`,
  });

  // Always: two checkpoints of one size with different roots are a split view, as much a fork
  // as a smaller tree that the larger does not extend.
  const consistency = await extendsCheckpoint(given, latest);
  steps.push({
    id: 'consistency',
    ok: consistency,
    text: consistency
      ? given.size === latest.size
        ? `The latest checkpoint is the receipt's: the same ${latest.size} leaves, the same root.`
        : `The log of ${latest.size} leaves extends the receipt's ${given.size}: nothing before was rewritten.`
      : `The latest checkpoint (${latest.size} leaves) is not an extension of the receipt's (${given.size}).`,
  });
  return done();
};

/** The latest checkpoint, verified; and, given a checkpoint saved earlier, whether the log only grew since. */
export const checkLatest = async (
  saved?: string,
  verifierKey?: string,
): Promise<{ latest: VerifiedCheckpoint; key: string; grown?: ProofStep }> => {
  const key = await keyToCheckWith(verifierKey);
  const latest = await openCheckpoint(await getText('/ledger/checkpoint'), key);
  if (!saved?.trim()) return { latest, key };
  let earlier: VerifiedCheckpoint;
  try {
    earlier = await openCheckpoint(saved.trim() + '\n', key);
  } catch (error) {
    return { latest, key, grown: { id: 'consistency', ok: false, text: `The saved checkpoint does not verify: ${message(error)}.` } };
  }
  const ok = await extendsCheckpoint(earlier, latest);
  const text = ok
    ? `The log of ${latest.size} leaves extends the saved checkpoint's ${earlier.size}: nothing it signed was rewritten.`
    : `The latest checkpoint (${latest.size} leaves) is not an extension of the saved one (${earlier.size} leaves of ${earlier.origin}).`;
  return { latest, key, grown: { id: 'consistency', ok, text } };
};
