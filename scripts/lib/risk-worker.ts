/** Worker thread body for the risk check: reads a share of the case files into risk cases. */
import module from 'node:module';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

// As in the CLI's entry point: reuse compiled modules across runs (see scripts/failcat.ts).
module.enableCompileCache?.();
const { readRiskCase } = await import('../../core/risk-read.ts');
const { files } = workerData as { files: string[] };
parentPort!.postMessage(files.map((file) => readRiskCase(file, readFileSync(file)) ?? null));
