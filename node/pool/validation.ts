/** Validation on worker threads: the CLI's and the site's runner for `validateCatalog`. */
import {
  inProcessRunner,
  type CaseFileOptions,
  type CaseFileResult,
  type CaseFileRunner,
} from '../../core/validate/catalog.ts';
import { fsReader } from '../fs-reader.ts';
import { DEFAULT_THREADS, runPool, WORKER_SCRIPTS, type PoolInput } from './pool.ts';

/** Below this many files, starting threads costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 300;

/**
 * Input of one validation worker: what every file is checked with (its rule context is
 * plain data and Sets, which clone to a worker).
 */
export interface WorkerInput extends PoolInput, CaseFileOptions {}

/** The work of every validation thread: check a batch of case files. */
export function checkBatch(input: CaseFileOptions): (batch: string[]) => Promise<CaseFileResult[]> {
  const run = inProcessRunner(fsReader, input.ctx);
  return (batch) => run(batch, input);
}

/**
 * Checks files on up to `threads` threads (pool.ts), in-process for small
 * catalogs. With `spare`, the workers are kept for half of the near-duplicate search
 * (similarityFinder takes them, or stops them).
 */
export function workerPoolRunner(threads = DEFAULT_THREADS, spare = false): CaseFileRunner {
  return async (files, options) => {
    if (files.length < MIN_FILES_FOR_WORKERS || threads < 2) {
      return inProcessRunner(fsReader, options.ctx)(files, options);
    }
    return runPool(WORKER_SCRIPTS.validation, files, options, threads, checkBatch(options), spare);
  };
}
