/** Worker thread body of the validation pool: checks batches of case files until none are left. */
import module from 'node:module';
import { parentPort } from 'node:worker_threads';

// As in the CLI's entry point: reuse compiled modules across runs (see bin/failcat.js).
module.enableCompileCache?.();
const { drain, jobInput } = await import('./pool.ts');
const { checkBatch } = await import('./worker-pool.ts');
const input = await jobInput<import('./worker-pool.ts').WorkerInput>();
parentPort!.postMessage(await drain(input, checkBatch(input)));
