/** Worker thread body of the risk check's loading: reads batches of case files into risk cases. */
import module from 'node:module';
import { parentPort } from 'node:worker_threads';

// As in the CLI's entry point: reuse compiled modules across runs (see bin/failcat.js).
module.enableCompileCache?.();
const { drain, jobInput } = await import('./pool.ts');
const { readRiskBatch } = await import('./risk-batch.ts');
const input = await jobInput<import('./pool.ts').PoolInput & import('./risk-batch.ts').RiskBatchInput>();
parentPort!.postMessage(await drain(input, (batch) => readRiskBatch(batch, input)));
