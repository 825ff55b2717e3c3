import { sleep } from '@policy/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { errorMessage, StructuredLogger } from '../logger';
import type { LeaseRecord, LeaseStore } from './lease-store';

/** KAFKA_RELAY_LEASE_MS: how long a silent leader keeps its lease before a standby takes over. */
export const RelayLeaseEnv = z.object({
  KAFKA_RELAY_LEASE_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
});

/** The relay is no longer the leader: it must stop publishing at once. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

export interface RelayLeaseOptions {
  readonly store: LeaseStore;
  readonly name: string;
  readonly leaseMs: number;
  readonly logger: StructuredLogger;
  /** Unique per process run; a restarted process is a new owner. */
  readonly owner?: string;
  /** A monotonic clock in milliseconds: the lease never compares clocks of two machines. */
  readonly now?: () => number;
}

/**
 * One relay publishing at a time: a lease with a fencing token, held by renewing it every third
 * of `leaseMs`. The leader may publish while its last successful renewal began less than
 * `leaseMs` ago by its own clock. A standby watches the lease and takes it over only after it
 * has seen the same token, unchanged, for `leaseMs` by its own clock (or at once when the leader
 * released it): by then the old leader's own window has closed, since it began before the
 * standby could see that token. No clocks of two machines are compared. Every write is a
 * compare-and-set on the token, so of two standbys only one wins, and a leader that was
 * replaced learns it on its next renewal and stops.
 */
export class RelayLease {
  readonly owner: string;
  private token?: bigint;
  private renewedAt = 0;
  private renewer?: Promise<void>;
  private readonly abort = new AbortController();
  private readonly now: () => number;

  constructor(private readonly options: RelayLeaseOptions) {
    this.owner = options.owner ?? randomUUID();
    this.now = options.now ?? (() => performance.now());
  }

  /** The fencing token while this relay leads. */
  heldToken(): bigint | undefined {
    return this.token !== undefined && this.now() - this.renewedAt < this.options.leaseMs ? this.token : undefined;
  }

  /** Throws LeaseLostError unless this relay may publish now. */
  assertHeld(): void {
    if (this.heldToken() === undefined) throw new LeaseLostError(`the relay lease "${this.options.name}" is not held by ${this.owner}`);
  }

  /** Waits as a standby until this relay holds the lease (true), or until `signal` aborts (false). */
  async acquire(signal: AbortSignal): Promise<boolean> {
    let seen: { record: LeaseRecord | undefined; since: number } | undefined;
    let announced = false;
    while (!signal.aborted && !this.abort.signal.aborted) {
      const startedAt = this.now();
      const record = await this.options.store.read(this.options.name);
      if (!seen || seen.record?.token !== record?.token) seen = { record, since: startedAt };
      const vacant = record === undefined || record.released || record.owner === this.owner;
      if (vacant || startedAt - seen.since >= this.options.leaseMs) {
        const token = await this.options.store.write(this.options.name, record?.token, this.owner);
        if (token !== undefined) {
          this.token = token;
          this.renewedAt = startedAt;
          this.options.logger.log({ event: 'relay.lease-acquired', owner: this.owner, token: Number(token), from: record?.owner ?? null });
          this.renewer ??= this.renewLoop();
          return true;
        }
        seen = undefined;
      } else if (!announced) {
        announced = true;
        this.options.logger.log({ event: 'relay.standby', owner: this.owner, leader: record?.owner ?? null });
      }
      await sleep(Math.max(50, Math.floor(this.options.leaseMs / 4)), signal);
    }
    return false;
  }

  /** Lets go of the lease (a graceful stop), so a standby can take over without waiting. */
  async release(): Promise<void> {
    this.abort.abort();
    await this.renewer;
    const token = this.token;
    this.token = undefined;
    if (token === undefined) return;
    await this.options.store.write(this.options.name, token, this.owner, true).catch(() => undefined);
    this.options.logger.log({ event: 'relay.lease-released', owner: this.owner, token: Number(token) });
  }

  private async renewLoop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      await sleep(Math.max(50, Math.floor(this.options.leaseMs / 3)), this.abort.signal);
      const token = this.token;
      if (token === undefined || this.abort.signal.aborted) continue;
      const startedAt = this.now();
      try {
        const next = await this.options.store.write(this.options.name, token, this.owner);
        if (next === undefined) {
          this.token = undefined;
          this.options.logger.warn({ event: 'relay.lease-lost', owner: this.owner, token: Number(token) });
        } else if (this.token === token) {
          this.token = next;
          this.renewedAt = startedAt;
        }
      } catch (error) {
        // The lease runs out by itself if this goes on; the next renewal may succeed.
        this.options.logger.warn({ event: 'relay.lease-renewal-failed', owner: this.owner, error: errorMessage(error) });
      }
    }
  }
}
