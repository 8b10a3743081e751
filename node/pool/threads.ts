/**
 * The worker threads the catalog loader may use, as one object the CLI and the site pass
 * to it (node/catalog-source.ts). Kept out of the loader itself so that a front that runs
 * in one thread, the action, bundles none of the pool and no worker script.
 */
import type { CatalogThreads } from '../catalog-source.ts';
import { DEFAULT_THREADS, runBatches, WORKER_SCRIPTS } from './pool.ts';
import { readRiskBatch } from './risk-batch.ts';

/**
 * Below this many files to parse, one thread is faster: each worker loads the parser and
 * the schema again, and the check parses only a few fields of each case.
 */
export const MIN_FILES_FOR_RISK_WORKERS = 2000;

/** Catalog work on up to `threads` threads (this one included). */
export function catalogThreads(threads = DEFAULT_THREADS): CatalogThreads {
  return {
    // Validation's modules load with the first batch: a risk check never needs them.
    validation: (spare) => async (files, options) =>
      (await import('./validation.ts')).workerPoolRunner(threads, spare)(files, options),
    similarity: () => async (signatures) =>
      (await import('./similarity.ts')).similarityFinder(threads)(signatures),
    risk: async (files, input) =>
      files.length >= MIN_FILES_FOR_RISK_WORKERS && threads > 1
        ? runBatches(WORKER_SCRIPTS.risk, files, input, threads, (batch) => readRiskBatch(batch, input))
        : [[0, readRiskBatch(files, input)]],
  };
}
