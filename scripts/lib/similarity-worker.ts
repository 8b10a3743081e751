/** Worker thread body of the near-duplicate search: the best matches over a range of bands. */
import module from 'node:module';
import { parentPort } from 'node:worker_threads';

// As in the CLI's entry point: reuse compiled modules across runs (see bin/failcat.js).
module.enableCompileCache?.();
const { bestMatches } = await import('../../core/similarity.ts');
const { jobInput } = await import('./pool.ts');
const { signatureViews } = await import('./similarity-pool.ts');
const input = await jobInput<import('./similarity-pool.ts').SimilarityInput>();
const best = bestMatches(signatureViews(input.signatures, input.count), undefined, input.from, input.to);
parentPort!.postMessage(best, [best.a.buffer as ArrayBuffer, best.same.buffer as ArrayBuffer]);
