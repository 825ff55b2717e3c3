import { parentPort, workerData } from 'node:worker_threads';
import { buildPartition, PartitionTask } from './partition-build';

/** Messages from a build worker: events read so far, then the total (or an uncaught error). */
export type BuildWorkerMessage = { readonly progress: number } | { readonly done: number };

/** Entry point of a build worker thread (see parallel-build.ts): one part, then exit. */
const port = parentPort!;
const events = buildPartition(workerData as PartitionTask, (progress) => port.postMessage({ progress } satisfies BuildWorkerMessage));
port.postMessage({ done: events } satisfies BuildWorkerMessage);
