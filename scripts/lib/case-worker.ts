/** Worker thread body of the worker pool: checks batches of case files until none are left. */
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

// As in the CLI's entry point: reuse compiled modules across runs (see scripts/failcat.ts).
module.enableCompileCache?.();
const { drainBatches } = await import('./worker-pool.ts');
const input = workerData as import('./worker-pool.ts').WorkerInput;
parentPort!.postMessage(await drainBatches(input));
