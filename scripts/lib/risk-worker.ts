/** Worker thread body for the risk check: reads a share of the case files into risk cases. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readRiskCase } from '../../core/risk-read.ts';

const { files } = workerData as { files: string[] };
parentPort!.postMessage(files.map((file) => readRiskCase(file, readFileSync(file)) ?? null));
