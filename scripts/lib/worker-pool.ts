/**
 * A CaseFileRunner that spreads case files over worker threads: parsing YAML dominates
 * validation, and it parallelises cleanly file by file.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { inProcessRunner, loadConfig, type CaseFileResult, type CaseFileRunner } from '../../core/catalog.ts';
import { fsReader } from './fs-reader.ts';

/** Below this many files, starting threads costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 400;

/** Input of one worker. */
export interface WorkerInput {
  catalogDir: string;
  files: string[];
  keepRecords: boolean;
}

/** Checks files on up to `availableParallelism()` threads, in-process for small catalogs. */
export function workerPoolRunner(threads = Math.min(availableParallelism(), 8)): CaseFileRunner {
  return async (files, options) => {
    if (files.length < MIN_FILES_FOR_WORKERS || threads < 2) {
      const { ctx } = await loadConfig(options.catalogDir, fsReader);
      return inProcessRunner(fsReader, ctx)(files, options);
    }
    const chunks: string[][] = Array.from({ length: threads }, () => []);
    files.forEach((file, i) => chunks[i % threads]!.push(file));
    const parts = await Promise.all(
      chunks.map(
        (chunk) =>
          new Promise<CaseFileResult[]>((resolve, reject) => {
            const input: WorkerInput = { ...options, files: chunk };
            const worker = new Worker(new URL('./case-worker.ts', import.meta.url), { workerData: input });
            worker.once('message', resolve);
            worker.once('error', (error) =>
              reject(new Error('A validation worker failed.', { cause: error })),
            );
            worker.once(
              'exit',
              (code) => code !== 0 && reject(new Error(`A validation worker exited with code ${code}.`)),
            );
          }),
      ),
    );
    const byFile = new Map(parts.flat().map((r) => [r.file, r]));
    return files.map((f) => byFile.get(f)!);
  };
}
