/**
 * Spreads per-file work over worker threads: parsing YAML dominates validation and the
 * risk check's loading, and it parallelises cleanly file by file.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { inProcessRunner, loadConfig, type CaseFileResult, type CaseFileRunner } from '../../core/catalog.ts';
import { fsReader } from './fs-reader.ts';

/** Below this many files, starting threads costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 400;

/** Threads to use by default: the machine's parallelism, at most 8. */
export const DEFAULT_THREADS = Math.min(availableParallelism(), 8);

/** Input of one worker. */
export interface WorkerInput {
  catalogDir: string;
  files: string[];
  keepRecords: boolean;
}

/**
 * Runs a worker script over shares of `files` (round-robin, so large and small files mix)
 * and returns its results in the order of `files`. Each worker gets `{...input, files}`
 * and posts back one result per file, in order.
 */
export async function runOnWorkers<R>(
  script: URL,
  files: string[],
  input: object,
  threads: number,
): Promise<R[]> {
  const chunks: string[][] = Array.from({ length: threads }, () => []);
  files.forEach((file, i) => chunks[i % threads]!.push(file));
  const parts = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<R[]>((resolve, reject) => {
          const worker = new Worker(script, { workerData: { ...input, files: chunk } });
          worker.once('message', resolve);
          worker.once('error', (error) => reject(new Error('A catalog worker failed.', { cause: error })));
          worker.once(
            'exit',
            (code) => code !== 0 && reject(new Error(`A catalog worker exited with code ${code}.`)),
          );
        }),
    ),
  );
  return files.map((_, i) => parts[i % threads]![Math.floor(i / threads)]!);
}

/** Checks files on up to `threads` threads, in-process for small catalogs. */
export function workerPoolRunner(threads = DEFAULT_THREADS): CaseFileRunner {
  return async (files, options) => {
    if (files.length < MIN_FILES_FOR_WORKERS || threads < 2) {
      const { ctx } = await loadConfig(options.catalogDir, fsReader);
      return inProcessRunner(fsReader, ctx)(files, options);
    }
    return runOnWorkers<CaseFileResult>(
      new URL('./case-worker.ts', import.meta.url),
      files,
      options,
      threads,
    );
  };
}
