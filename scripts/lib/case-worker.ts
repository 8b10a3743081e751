/** Worker thread body of the worker pool: checks a share of the case files. */
import { parentPort, workerData } from 'node:worker_threads';
import { inProcessRunner, loadConfig } from '../../core/catalog.ts';
import { fsReader } from './fs-reader.ts';
import type { WorkerInput } from './worker-pool.ts';

const input = workerData as WorkerInput;
const { ctx } = await loadConfig(input.catalogDir, fsReader);
parentPort!.postMessage(await inProcessRunner(fsReader, ctx)(input.files, input));
