/**
 * A pool of worker threads over a list of files. The calling thread works too, and every
 * thread takes the next batch from a shared counter, so a thread that starts late (a worker
 * must first load its modules) or runs slow never leaves the others waiting on a fixed
 * share. Parsing case files dominates validation and the risk check's
 * loading, and it parallelises cleanly file by file.
 */
import { availableParallelism } from 'node:os';
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';
import { fastYamlEnabled, setFastYaml } from '../../core/parse/fast-yaml/index.ts';

/** Threads to use by default: the machine's parallelism, at most 8. */
export const DEFAULT_THREADS = Math.min(availableParallelism(), 8);
/**
 * The worker scripts, named once: the command line starts them before a command loads
 * (prestartWorkers), and the pools that need them run them.
 */
export const WORKER_SCRIPTS = {
  validation: new URL('./validation-worker.ts', import.meta.url),
  risk: new URL('./risk-worker.ts', import.meta.url),
  similarity: new URL('./similarity-worker.ts', import.meta.url),
} as const;

/** Files a thread takes at a time from the shared counter. */
export const BATCH = 32;

/** What every pool worker receives: its job's input plus the files and the shared counter. */
export interface PoolInput {
  files: string[];
  /** Int32Array(1) over a SharedArrayBuffer: the index of the next file to take. */
  next: SharedArrayBuffer;
  /** The calling thread's fast YAML switch: a worker's own copy of core starts with it on. */
  fastYaml: boolean;
}

/** What the batches one thread took gave: [index of the batch's first file, result]. */
export type Batches<B> = [start: number, result: B][];

/**
 * A heap cap for a worker that handles up to `files` files: it makes V8 collect parse
 * garbage early instead of letting the heap grow, with room for what a worker keeps per
 * file until its job ends (16 KB: a site build keeps each case's record, sections and
 * summary; at 4 KB a 100,000-case site build ran out of heap).
 */
export function workerLimits(files: number): ResourceLimits {
  return { maxOldGenerationSizeMb: 192 + Math.ceil(files / 64) };
}

/** A worker thread on `script` for a job of up to `files` files. */
function newWorker(script: URL, files: number): Worker {
  return new Worker(script, { resourceLimits: workerLimits(files) });
}

/** Takes batches from the shared counter and runs `work` on each until none are left. */
export async function drain<B>(
  input: PoolInput,
  work: (batch: string[]) => B | Promise<B>,
): Promise<Batches<B>> {
  const counter = new Int32Array(input.next);
  const done: Batches<B> = [];
  for (
    let start = Atomics.add(counter, 0, BATCH);
    start < input.files.length;
    start = Atomics.add(counter, 0, BATCH)
  ) {
    done.push([start, await work(input.files.slice(start, start + BATCH))]);
  }
  return done;
}

/**
 * Workers started before their job is known, by script (see prestartWorkers), each with
 * whether it has failed or exited, which makes it unusable.
 */
const prestarted = new Map<string, { worker: Worker; gone: boolean }[]>();
/** Prestarted workers get the heap cap of a job this large; a larger one starts its own. */
const PRESTART_FILES = 200_000;

/**
 * Starts `count` workers on `script` ahead of the job that will use them: booting a worker
 * and loading its modules then overlaps with the command's own loading, reading of the
 * configuration and listing of the catalog. They do not keep
 * the process alive, so a job that turns out too small for workers just leaves them.
 */
export function prestartWorkers(script: URL, count = DEFAULT_THREADS - 1): void {
  const list = prestarted.get(script.href) ?? [];
  for (let i = list.length; i < count; i++) {
    const worker = newWorker(script, PRESTART_FILES);
    const entry = { worker, gone: false };
    // A failure is reported by the fresh worker that replaces this one (runWorker).
    worker.on('error', () => (entry.gone = true));
    worker.on('exit', () => (entry.gone = true));
    worker.unref();
    list.push(entry);
  }
  prestarted.set(script.href, list);
}

function takePrestarted(script: URL, files: number): Worker | undefined {
  const list = prestarted.get(script.href) ?? [];
  for (let entry = list.shift(); entry; entry = list.shift()) {
    if (!entry.gone && files <= PRESTART_FILES) return entry.worker;
    void entry.worker.terminate();
  }
  return undefined;
}

/**
 * In a worker script: the job's input, which runWorker posts as the first message. The
 * switches a pool job carries (PoolInput.fastYaml) are applied to this thread's core.
 */
export function jobInput<T>(): Promise<T> {
  return new Promise<T>((resolve) =>
    parentPort!.once('message', (input: T & Partial<PoolInput>) => {
      if (typeof input.fastYaml === 'boolean') setFastYaml(input.fastYaml);
      resolve(input);
    }),
  );
}

/** A pool job's input: `input` with the files, a fresh shared counter and this thread's switches. */
export function poolInput<I extends object>(input: I, files: string[]): I & PoolInput {
  return { ...input, files, next: new SharedArrayBuffer(4), fastYaml: fastYamlEnabled() };
}

/**
 * Runs `script` on a worker (a prestarted one when there is one) with `input`, which the
 * script reads with jobInput, and resolves with the first message it posts. With
 * `spare`, the worker is kept afterwards for one more job (takeSpareWorker).
 */
export async function runWorker<R>(script: URL, input: unknown, files: number, spare = false): Promise<R> {
  const worker = takePrestarted(script, files) ?? newWorker(script, files);
  const result = await request<R>(worker, input);
  if (spare) spares.push(worker);
  else void worker.terminate();
  return result;
}

/** Posts `input` to a worker and resolves with its reply; the worker holds the process meanwhile. */
export function request<R>(worker: Worker, input: unknown): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const fail = (error: Error) => {
      worker.off('message', done);
      reject(error);
    };
    const failed = (error: Error) => fail(new Error('A catalog worker failed.', { cause: error }));
    const exited = (code: number) => fail(new Error(`A catalog worker exited with code ${code}.`));
    function done(message: R) {
      worker.off('error', failed).off('exit', exited).unref();
      resolve(message);
    }
    worker.once('message', done).once('error', failed).once('exit', exited).ref();
    worker.postMessage(input);
  });
}

/**
 * Pool workers that finished their batches and wait for one more job: validation's
 * workers then take half of the near-duplicate search (similarity.ts),
 * warm and without a new thread to start.
 */
const spares: Worker[] = [];

/** How many spare pool workers wait for a job. */
export function spareWorkerCount(): number {
  return spares.length;
}

/** A spare pool worker, if there is one (see runPool's `spare`). */
export function takeSpareWorker(): Worker | undefined {
  return spares.pop();
}

/** Stops the spare workers nobody took. */
export function releaseSpareWorkers(): void {
  for (const worker of spares.splice(0)) void worker.terminate();
}

/**
 * Runs `work` over `files` on this thread and `threads - 1` workers, a batch at a time,
 * and returns what each batch gave, in the order of `files`. Each worker runs `script`,
 * which receives `poolInput(input, files)` from jobInput and posts back
 * `drain(input, work)` with the same work; with `spare`, the script then serves one more
 * job and the workers are kept for it (takeSpareWorker).
 */
export async function runBatches<B>(
  script: URL,
  files: string[],
  input: object,
  threads: number,
  work: (batch: string[]) => B | Promise<B>,
  spare = false,
): Promise<Batches<B>> {
  const shared = poolInput(input, files);
  const workers = Array.from({ length: threads - 1 }, () =>
    runWorker<Batches<B>>(script, shared, files.length, spare),
  );
  const parts = [await drain(shared, work), ...(await Promise.all(workers))];
  return parts.flat().sort((a, b) => a[0] - b[0]);
}

/** runBatches for work that gives one result a file: the results, in the order of `files`. */
export async function runPool<R>(
  script: URL,
  files: string[],
  input: object,
  threads: number,
  work: (batch: string[]) => R[] | Promise<R[]>,
  spare = false,
): Promise<R[]> {
  const batches = await runBatches(script, files, input, threads, work, spare);
  return batches.flatMap(([, results]) => results);
}
