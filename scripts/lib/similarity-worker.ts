/** Worker thread body of the near-duplicate search: the best matches over a range of bands. */
import module from 'node:module';
import { parentPort } from 'node:worker_threads';

// As in the CLI's entry point: reuse compiled modules across runs (see bin/failcat.js).
module.enableCompileCache?.();
const { jobInput } = await import('./pool.ts');
const { similarityJob } = await import('./similarity-pool.ts');
const best = similarityJob(await jobInput<import('./similarity-pool.ts').SimilarityInput>());
parentPort!.postMessage(best, [best.a.buffer as ArrayBuffer, best.same.buffer as ArrayBuffer]);
