/**
 * A CaseFileRunner that spreads case files over threads: parsing YAML dominates
 * validation, and it parallelises cleanly file by file. The main thread works too, and
 * every thread takes the next batch from a shared counter, so a thread that starts late
 * or runs slow never leaves the others waiting on a fixed share.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { inProcessRunner, loadConfig, type CaseFileResult, type CaseFileRunner } from '../../core/catalog.ts';
import type { RuleContext } from '../../core/config.ts';
import { fsReader } from './fs-reader.ts';

/** Below this many files, starting threads costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 300;
/** Files a thread takes at a time from the shared counter. */
export const BATCH = 32;

/** Input of one worker. */
export interface WorkerInput {
  catalogDir: string;
  files: string[];
  keepRecords: boolean;
  /** Int32Array(1) over a SharedArrayBuffer: the index of the next file to take. */
  next: SharedArrayBuffer;
}

/** Checks batches of files taken from the shared counter until none are left. */
export async function drainBatches(input: WorkerInput, ctx: RuleContext): Promise<CaseFileResult[]> {
  const counter = new Int32Array(input.next);
  const run = inProcessRunner(fsReader, ctx);
  const results: CaseFileResult[] = [];
  for (
    let start = Atomics.add(counter, 0, BATCH);
    start < input.files.length;
    start = Atomics.add(counter, 0, BATCH)
  ) {
    for (const r of await run(input.files.slice(start, start + BATCH), input)) results.push(r);
  }
  return results;
}

/** Checks files on up to `availableParallelism()` threads, in-process for small catalogs. */
export function workerPoolRunner(threads = Math.min(availableParallelism(), 8)): CaseFileRunner {
  return async (files, options) => {
    const { ctx } = await loadConfig(options.catalogDir, fsReader);
    if (files.length < MIN_FILES_FOR_WORKERS || threads < 2)
      return inProcessRunner(fsReader, ctx)(files, options);
    const input: WorkerInput = { ...options, files, next: new SharedArrayBuffer(4) };
    const workers = Array.from(
      { length: threads - 1 },
      () =>
        new Promise<CaseFileResult[]>((resolve, reject) => {
          const worker = new Worker(new URL('./case-worker.ts', import.meta.url), {
            workerData: input,
            // A cap makes V8 collect a worker's parse garbage early instead of letting the
            // heap grow; what a worker keeps (summaries, findings) is ~1 KB a case.
            resourceLimits: { maxOldGenerationSizeMb: 192 + Math.ceil(files.length / 256) },
          });
          worker.once('message', resolve);
          worker.once('error', (error) => reject(new Error('A validation worker failed.', { cause: error })));
          worker.once(
            'exit',
            (code) => code !== 0 && reject(new Error(`A validation worker exited with code ${code}.`)),
          );
        }),
    );
    const mine = await drainBatches(input, ctx);
    const byFile = new Map<string, CaseFileResult>();
    for (const part of [mine, ...(await Promise.all(workers))]) for (const r of part) byFile.set(r.file, r);
    return files.map((f) => byFile.get(f)!);
  };
}
