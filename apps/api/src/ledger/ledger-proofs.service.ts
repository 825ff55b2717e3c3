import { Inject, Injectable } from '@nestjs/common';
import { DomainError, NotFoundError, ValidationError } from '@policy/domain';
import { EVENT_STORE, EventStore } from '@policy/event-store';
import { consistencyProof, inclusionProof } from '@policy/ledger';
import { LedgerService } from './ledger.service';
import { entryOfRecorded } from './log-leaves';

const b64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');

/** The ledger's answers: entries, proofs and the checkpoint, from the tree file and the log. */
@Injectable()
export class LedgerProofs {
  constructor(
    private readonly ledger: LedgerService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  checkpoint(): string {
    const latest = this.ledger.latest();
    if (!latest) throw new DomainError('unavailable', 'ledger_starting', 'the ledger has not signed a checkpoint yet');
    return latest.note;
  }

  /**
   * Per leaf from `from`: its position, the leaf hash the tree holds, and the entry of the event
   * the log holds there now (null when there is none), so a verifier can tell the two apart.
   */
  async entries(from: number, limit: number) {
    this.ledger.settle();
    const leaves = this.ledger.tree.leaves(from, limit);
    const first = leaves[0];
    if (!first) return { entries: [], next: null };
    const events = await this.store.readAll({ fromPosition: BigInt(first.position - 1), limit: leaves.length });
    const byPosition = new Map(events.map((event) => [Number(event.position), event]));
    const entries = leaves.map((leaf) => {
      const event = byPosition.get(leaf.position);
      return { index: leaf.index, position: leaf.position, leafHash: b64(leaf.hash), entry: event ? entryOfRecorded(event) : null };
    });
    const next = leaves.length === limit ? first.index + limit : null;
    return { entries, next };
  }

  inclusion(position: number, treeSize?: number) {
    this.ledger.settle();
    const size = this.size(treeSize);
    const leaf = this.ledger.tree.leafAtPosition(position);
    if (!leaf) throw new NotFoundError(`the ledger has no leaf at position ${position}`, 'leaf_not_found');
    if (leaf.index >= size) {
      throw new ValidationError(`position ${position} is leaf ${leaf.index}, not in a tree of ${size}`, undefined, 'leaf_after_tree_size');
    }
    const auditPath = inclusionProof(this.ledger.tree, leaf.index, size).map(b64);
    return {
      position,
      leafIndex: leaf.index,
      leafHash: b64(leaf.hash),
      treeSize: size,
      rootHash: b64(this.ledger.tree.rootAt(size)),
      auditPath,
    };
  }

  consistency(from: number, to?: number) {
    this.ledger.settle();
    const size = this.size(to);
    if (from > size) throw new ValidationError(`from (${from}) is past to (${size})`, undefined, 'sizes_out_of_order');
    const proof = consistencyProof(this.ledger.tree, from, size).map(b64);
    return { from, to: size, fromRoot: b64(this.ledger.tree.rootAt(from)), toRoot: b64(this.ledger.tree.rootAt(size)), proof };
  }

  /** A tree size asked for, or the latest checkpoint's; never past the tree. */
  private size(asked?: number): number {
    const size = asked ?? this.ledger.latest()?.size ?? 0;
    if (size > this.ledger.tree.size) {
      throw new ValidationError(`the tree has ${this.ledger.tree.size} leaves, fewer than ${size}`, undefined, 'tree_size_too_large');
    }
    return size;
  }
}
