import { parentPort, workerData } from 'node:worker_threads';
import { joinBuiltParts } from '../read-model/join-built-parts';
import { buildPartition, PartitionTask } from './partition-build';

/**
 * What a build worker is started with: one part to fold, or the join of the folded parts into
 * the first one (its index sorts hold a thread for seconds per million events: off the event
 * loop, a service building at start keeps answering `/health/ready`).
 */
export type BuildWorkerTask =
  | { readonly part: PartitionTask }
  | { readonly join: { readonly target: string; readonly parts: readonly string[]; readonly checkpoint: number } };

/** Messages from a build worker: events read so far, then the total (or an uncaught error). */
export type BuildWorkerMessage = { readonly progress: number } | { readonly done: number };

/** Entry point of a build worker thread (see parallel-build.ts): one task, then exit. */
const port = parentPort!;
const task = workerData as BuildWorkerTask;
if ('part' in task) {
  const events = buildPartition(task.part, (progress) => port.postMessage({ progress } satisfies BuildWorkerMessage));
  port.postMessage({ done: events } satisfies BuildWorkerMessage);
} else {
  joinBuiltParts(task.join.target, task.join.parts, task.join.checkpoint);
  port.postMessage({ done: 0 } satisfies BuildWorkerMessage);
}
