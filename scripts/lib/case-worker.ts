/** Worker thread body of the worker pool: checks batches of case files until none are left. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../../core/catalog.ts';
import { fsReader } from './fs-reader.ts';
import { drainBatches, type WorkerInput } from './worker-pool.ts';

const input = workerData as WorkerInput;
const { ctx } = await loadConfig(input.catalogDir, fsReader);
parentPort!.postMessage(await drainBatches(input, ctx));
