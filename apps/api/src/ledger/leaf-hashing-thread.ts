import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LeafBatch, LeafHasherTask } from './leaf-hasher.worker';
import type { PositionedLeaf } from './log-leaves';

/** Compiled beside this file in dist/; absent where the sources run through ts-jest. */
export const HASHER = join(__dirname, 'leaf-hasher.worker.js');
/** Batches the thread may hash ahead of the inserts: what waits in memory stays about 2.6 MB. */
const AHEAD = 16;

/** The thread stopped before it was done, for a reason of its own: what it had handed over by then. */
export class HashingThreadFailed extends Error {
  override readonly name = 'HashingThreadFailed';
  constructor(
    message: string,
    readonly handedOver: number,
    /** The last position handed over (the scan's start when none was). */
    readonly lastPosition: number,
  ) {
    super(message);
  }
}

/**
 * The leaves after `after` up to `head`, read and hashed on a worker thread (`leaf-hasher.worker`),
 * each batch handed to `onBatch` as it comes, in position order. Rejects with what `onBatch`
 * throws, with the signal's reason once aborted (the thread is stopped either way), or with
 * HashingThreadFailed when the thread fails, so the caller can go on without it.
 */
export const hashOnThread = (
  task: Omit<LeafHasherTask, 'consumed' | 'ahead'>,
  onBatch: (leaves: PositionedLeaf[]) => void,
  signal?: AbortSignal,
): Promise<number> =>
  new Promise((resolve, reject) => {
    if (!existsSync(HASHER)) return reject(new Error(`${HASHER} is missing: run npm run build`));
    if (signal?.aborted) return reject(signal.reason);
    // Batches taken so far: the thread waits on it when it is AHEAD batches ahead.
    const consumed = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(HASHER, { workerData: { ...task, consumed: consumed.buffer, ahead: AHEAD } satisfies LeafHasherTask });
    let count = 0;
    let lastPosition = task.after;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', aborted);
      void worker.terminate();
      outcome();
    };
    const threadFailed = (reason: string) =>
      settle(() => reject(new HashingThreadFailed(`the leaf hashing thread ${reason}`, count, lastPosition)));
    const aborted = () => settle(() => reject(signal!.reason));
    signal?.addEventListener('abort', aborted, { once: true });

    worker.on('message', (message: LeafBatch) => {
      if (settled) return;
      if ('done' in message) {
        if (message.count !== count || message.last !== lastPosition) {
          return threadFailed(
            `handed over ${count} leaves up to position ${lastPosition}, but says ${message.count} up to ${message.last}`,
          );
        }
        return settle(() => resolve(count));
      }
      const positions = new Float64Array(message.positions);
      const hashes = Buffer.from(message.hashes);
      const leaves: PositionedLeaf[] = [];
      for (let i = 0; i < message.count; i++) leaves.push({ position: positions[i]!, hash: hashes.subarray(i * 32, i * 32 + 32) });
      try {
        onBatch(leaves);
      } catch (error) {
        return settle(() => reject(error));
      }
      count += leaves.length;
      lastPosition = leaves.at(-1)?.position ?? lastPosition;
      Atomics.add(consumed, 0, 1);
      Atomics.notify(consumed, 0);
    });
    worker.on('error', (error) => threadFailed(`failed: ${error.message}`));
    worker.on('messageerror', (error) => threadFailed(`sent a batch that could not be read: ${error.message}`));
    worker.on('exit', (code) => threadFailed(`stopped (exit code ${code}) before it was done`));
  });
