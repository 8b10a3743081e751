/**
 * Worker thread body of the validation pool: checks batches of case files until none are
 * left, then serves one more job as a spare (pool.ts): its half of the near-duplicate
 * search (similarity.ts), or none.
 */
import module from 'node:module';
import { parentPort } from 'node:worker_threads';

// As in the CLI's entry point: reuse compiled modules across runs (see bin/failcat.js).
module.enableCompileCache?.();
const { drain, jobInput } = await import('./pool.ts');
const { checkBatch } = await import('./validation.ts');
const { answerSimilarityJob } = await import('./similarity.ts');
const input = await jobInput<import('./validation.ts').WorkerInput>();
parentPort!.postMessage(await drain(input, checkBatch(input)));
await answerSimilarityJob();
