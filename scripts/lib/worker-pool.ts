/**
 * Spreads per-file work over worker threads: parsing YAML dominates validation and the
 * risk check's loading, and it parallelises cleanly file by file.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { inProcessRunner, type CaseFileResult, type CaseFileRunner } from '../../core/catalog.ts';
import type { RuleContext } from '../../core/config.ts';
import { fsReader } from './fs-reader.ts';

/** Below this many files, starting threads costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 300;
/** Threads to use by default: the machine's parallelism, at most 8. */
export const DEFAULT_THREADS = Math.min(availableParallelism(), 8);
/** Files a thread takes at a time from the shared counter. */
export const BATCH = 32;

/**
 * A heap cap for a worker that parses `files` files: it makes V8 collect parse garbage
 * early instead of letting the heap grow; what a worker keeps is ~1 KB a file.
 */
export function workerLimits(files: number): ResourceLimits {
  return { maxOldGenerationSizeMb: 192 + Math.ceil(files / 256) };
}

function startWorker<R>(script: URL, workerData: unknown, files: number): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const worker = new Worker(script, { workerData, resourceLimits: workerLimits(files) });
    worker.once('message', resolve);
    worker.once('error', (error) => reject(new Error('A catalog worker failed.', { cause: error })));
    worker.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`A catalog worker exited with code ${code}.`)),
    );
  });
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
    chunks.map((chunk) => startWorker<R[]>(script, { ...input, files: chunk }, chunk.length)),
  );
  return files.map((_, i) => parts[i % threads]![Math.floor(i / threads)]!);
}

/** Input of one validation worker. */
export interface WorkerInput {
  catalogDir: string;
  files: string[];
  keepRecords: boolean;
  /** The rule context validateCatalog built: plain data and Sets, which clone to a worker. */
  ctx: RuleContext;
  /** Int32Array(1) over a SharedArrayBuffer: the index of the next file to take. */
  next: SharedArrayBuffer;
}

/** Checks batches of files taken from the shared counter until none are left. */
export async function drainBatches(input: WorkerInput): Promise<CaseFileResult[]> {
  const counter = new Int32Array(input.next);
  const run = inProcessRunner(fsReader, input.ctx);
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

/**
 * Checks files on up to `threads` threads, in-process for small catalogs. The main thread
 * works too, and every thread takes the next batch from a shared counter, so a thread that
 * starts late or runs slow never leaves the others waiting on a fixed share.
 */
export function workerPoolRunner(threads = DEFAULT_THREADS): CaseFileRunner {
  return async (files, options) => {
    if (files.length < MIN_FILES_FOR_WORKERS || threads < 2) {
      return inProcessRunner(fsReader, options.ctx)(files, options);
    }
    const input: WorkerInput = { ...options, files, next: new SharedArrayBuffer(4) };
    const workers = Array.from({ length: threads - 1 }, () =>
      startWorker<CaseFileResult[]>(new URL('./case-worker.ts', import.meta.url), input, files.length),
    );
    const mine = await drainBatches(input);
    const byFile = new Map<string, CaseFileResult>();
    for (const part of [mine, ...(await Promise.all(workers))]) for (const r of part) byFile.set(r.file, r);
    return files.map((f) => byFile.get(f)!);
  };
}
