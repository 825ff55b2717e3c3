import { OnApplicationShutdown } from '@nestjs/common';
import { PositionWaiters } from '@policy/common';
import { EventStore, Subscription } from '@policy/event-store';
import { formatVerifierKey, leafHash, openCheckpoint, parseVerifierKey, signCheckpoint, SigningKey } from '@policy/ledger';
import { LedgerTreeStore, StoredCheckpoint } from './ledger-tree.store';
import { canonicalAfterOf, entryOfRecorded, PositionedLeaf, scanLeaves } from './log-leaves';
import { entryOfRow } from './row-entry';

/** A new checkpoint at most this often while the log grows. */
export const CHECKPOINT_INTERVAL_MS = 1000;
const RETRY_MS = 1000;
/** Pauses between attempts to write the tree file when it refuses (a full disk): growing, capped. */
const WRITE_RETRY_FIRST_MS = 250;
const WRITE_RETRY_MAX_MS = 10_000;
const LIVE_BATCH = 1000;
/**
 * How long hashed leaves may wait for their tree transaction once the feed is drained: under
 * a stream of writes one commit then covers many. Receipts do not wait for it (the leaves are
 * held in memory until then); a crash before it costs a re-read of those events, as the tree
 * is a projection of the log.
 */
const COMMIT_DELAY_MS = 50;

export interface LedgerLogger {
  log(message: string): void;
  error(message: string): void;
}

/** What an answer rests on, provably in the log: its event's leaf and the latest signed checkpoint. */
export type Receipt = Readonly<{ position: number; leafHash: string; treeSize: number; checkpoint: string }>;

/**
 * The ledger projection: follows the log from its tree file's last leaf, appends a leaf per
 * event, and signs a checkpoint of the tree at most once a second while it grows (at once
 * when it has not signed for a second). Listeners hear each new checkpoint (the SSE feeds,
 * Kafka).
 */
export class LedgerService implements OnApplicationShutdown {
  private subscription?: Subscription;
  private readonly waiters = new PositionWaiters();
  private readonly listeners = new Set<(checkpoint: StoredCheckpoint) => void>();
  private pending: PositionedLeaf[] = [];
  /** Leaves hashed but not yet in the tree file, by position. */
  private readonly uncommitted = new Map<number, Buffer>();
  /**
   * The leaf of the last receipt asked for: answers given at a quiet head all name the same
   * position, and a leaf never changes once hashed, so one entry spares most of them a read.
   */
  private lastReceiptLeaf?: { readonly position: number; readonly leafHash: string };
  /** Last position hashed: what receipts can see. */
  private hashed = 0;
  private commitTimer?: NodeJS.Timeout;
  private lastSignedAt = 0;
  private signTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private writeRetryTimer?: NodeJS.Timeout;
  private writeRetryMs = 0;
  private readonly writeRetries = new Set<() => void>();
  private stopped = true;
  private caughtUp?: Promise<void>;
  private stopCatchUp?: () => void;
  /** Rows up to here may predate canonical storage and are parsed (see `entryOfRow`). */
  private canonicalAfter = Number.MAX_SAFE_INTEGER;

  constructor(
    private readonly store: EventStore,
    readonly tree: LedgerTreeStore,
    readonly key: SigningKey,
    readonly origin: string,
    private readonly logger: LedgerLogger,
    private readonly now: () => number = Date.now,
  ) {}

  get verifierKey(): string {
    return formatVerifierKey(this.key);
  }

  /** Catches up from the tree's last leaf (in bulk), signs, then follows the log live. */
  start(): Promise<void> {
    if (!this.stopped) return this.caughtUp!;
    this.stopped = false;
    this.caughtUp = (async () => {
      const head = await this.store.headPosition();
      if (head !== undefined && Number(head) < this.tree.position) {
        // Kept, not rebuilt: the tree is the evidence of what the log held (see `npm run verify`).
        this.logger.error(`the log ends at position ${head} but the ledger holds leaves up to ${this.tree.position}: the log was cut`);
      }
      this.canonicalAfter = await canonicalAfterOf(this.store);
      const catchUp = new AbortController();
      this.stopCatchUp = () => catchUp.abort(new Error('the ledger stopped before it caught up'));
      const added = await scanLeaves(this.store, this.tree.position, (leaves) => this.tree.append(leaves), {
        signal: catchUp.signal,
        canonicalAfter: this.canonicalAfter,
        onThreadFailed: (failure) => this.logger.error(`${failure.message}; the ledger goes on hashing without it`),
      })
        // Stopped meanwhile: the leaves handed over are in the tree; the next start goes on from them.
        .catch((error: unknown) => (this.stopped ? 0 : Promise.reject(error)))
        .finally(() => (this.stopCatchUp = undefined));
      if (this.stopped) return;
      if (added > 0) this.logger.log(`ledger caught up: ${added} leaves, tree size ${this.tree.size}`);
      this.hashed = this.tree.position;
      this.waiters.reach(BigInt(this.hashed));
      this.sign(!this.signedByOwnKey());
      this.follow();
    })();
    return this.caughtUp;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A catch-up on the hashing thread leaves the event loop free, so a stop can come during it:
    // the thread stops, and the tree file is not closed under it.
    this.stopCatchUp?.();
    await this.caughtUp?.catch(() => undefined);
    clearTimeout(this.signTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.writeRetryTimer);
    await this.subscription?.close();
    this.flush(false);
    clearTimeout(this.commitTimer);
    clearTimeout(this.writeRetryTimer);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    this.tree.close();
  }

  /** Resolves true once the tree holds the leaf of `position`, false after the timeout. */
  async waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    return this.waiters.wait(BigInt(position), BigInt(this.hashed), timeoutMs);
  }

  /** Puts the leaves hashed so far into the tree file now, so that entries and proofs see them. */
  settle(): void {
    this.flush(true);
  }

  latest(): StoredCheckpoint | undefined {
    return this.tree.latestCheckpoint();
  }

  onCheckpoint(listener: (checkpoint: StoredCheckpoint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The receipt of the event at `position`, once the tree has its leaf (undefined if it never does in time). */
  async receipt(position: number): Promise<Receipt | undefined> {
    if (!(await this.waitFor(position))) return undefined;
    let leafHash = this.lastReceiptLeaf?.position === position ? this.lastReceiptLeaf.leafHash : undefined;
    if (leafHash === undefined) {
      leafHash = (this.uncommitted.get(position) ?? this.tree.leafAtPosition(position)?.hash)?.toString('base64');
      if (leafHash !== undefined) this.lastReceiptLeaf = { position, leafHash };
    }
    const checkpoint = this.latest();
    if (!leafHash || !checkpoint) return undefined;
    return { position, leafHash, treeSize: checkpoint.size, checkpoint: checkpoint.note };
  }

  private follow(): void {
    if (this.stopped) return;
    try {
      this.subscription = this.subscribe();
    } catch (error) {
      this.retryAfter(error);
    }
  }

  private retryAfter(error: unknown): void {
    // The feed ends with an error when the log closes under it: a stop, not a failure.
    if (this.stopped) return;
    this.logger.error(`ledger feed failed, resuming from position ${this.tree.position}: ${String(error)}`);
    this.flush(false);
    this.retryTimer = setTimeout(() => this.follow(), RETRY_MS);
  }

  /**
   * Follows the log from the tree's last leaf: as stored rows where the store offers them (the
   * entry is joined from the stored canonical text, nothing parsed), as events otherwise.
   */
  private subscribe(): Subscription {
    const feed = {
      fromPosition: BigInt(this.tree.position),
      onCaughtUp: () => {
        this.waiters.reach(BigInt(this.hashed));
        this.commitTimer ??= setTimeout(() => {
          this.commitTimer = undefined;
          this.flush(true);
        }, COMMIT_DELAY_MS);
      },
      onError: (error: unknown) => this.retryAfter(error),
    };
    const scan = this.store.logScan;
    const canonicalAfter = this.canonicalAfter;
    return scan
      ? scan.subscribeRows({ ...feed, onEvent: (row) => this.hashLeaf(row[0], entryOfRow(row, canonicalAfter)) })
      : this.store.subscribe({ ...feed, onEvent: (event) => this.hashLeaf(Number(event.position), entryOfRecorded(event)) });
  }

  private hashLeaf(position: number, entry: string): void {
    const hash = leafHash(entry);
    this.pending.push({ position, hash });
    this.uncommitted.set(position, hash);
    this.hashed = position;
    if (this.pending.length >= LIVE_BATCH) this.flush(true);
  }

  private flush(sign: boolean): void {
    if (this.pending.length === 0) return;
    const leaves = this.pending;
    this.pending = [];
    try {
      this.tree.append(leaves);
    } catch (error) {
      // Kept in memory (receipts still see them) and written once the file takes them again.
      this.pending = leaves.concat(this.pending);
      return this.writeFailed('its leaves', error, () => this.flush(true));
    }
    this.writeSucceeded();
    for (const leaf of leaves) this.uncommitted.delete(leaf.position);
    this.waiters.reach(BigInt(this.tree.position));
    if (sign) this.scheduleSign();
  }

  private scheduleSign(): void {
    if (this.signTimer || this.stopped) return;
    const wait = this.lastSignedAt + CHECKPOINT_INTERVAL_MS - this.now();
    if (wait <= 0) return this.sign();
    this.signTimer = setTimeout(() => {
      this.signTimer = undefined;
      this.sign();
    }, wait);
  }

  /** False when the latest checkpoint was signed by another key (the key was replaced): it is signed again. */
  private signedByOwnKey(): boolean {
    const latest = this.latest();
    if (!latest) return true;
    try {
      openCheckpoint(latest.note, parseVerifierKey(this.verifierKey), this.origin);
      return true;
    } catch {
      return false;
    }
  }

  private sign(force = false): void {
    const size = this.tree.size;
    if (!force && this.latest()?.size === size) return;
    const note = signCheckpoint({ origin: this.origin, size, root: this.tree.root() }, this.key);
    try {
      this.tree.saveCheckpoint(size, note);
    } catch (error) {
      return this.writeFailed('a checkpoint', error, () => this.sign(force));
    }
    this.writeSucceeded();
    this.lastSignedAt = this.now();
    for (const listener of this.listeners) listener({ size, note });
  }

  /** One line per failed attempt, no stack trace; the next attempt after a growing pause. */
  private writeFailed(what: string, error: unknown, retry: () => void): void {
    this.writeRetryMs = Math.min(WRITE_RETRY_MAX_MS, this.writeRetryMs === 0 ? WRITE_RETRY_FIRST_MS : this.writeRetryMs * 2);
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(`the ledger cannot write ${what} to ${this.tree.file} (${reason}); next attempt in ${this.writeRetryMs} ms`);
    if (this.stopped) return;
    this.writeRetries.add(retry);
    this.writeRetryTimer ??= setTimeout(() => {
      this.writeRetryTimer = undefined;
      const retries = [...this.writeRetries];
      this.writeRetries.clear();
      for (const again of retries) again();
    }, this.writeRetryMs);
  }

  private writeSucceeded(): void {
    this.writeRetryMs = 0;
  }
}
