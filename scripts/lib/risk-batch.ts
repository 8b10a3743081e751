/** The risk check's unit of work on every thread: case files read from disk into risk cases. */
import { readFileSync } from 'node:fs';
import { readRiskCase } from '../../core/risk-read.ts';
import type { RiskCase } from '../../core/risk.ts';

/** readRiskCase over files read from disk; null for a file that is not a usable case. */
export function readRiskBatch(files: string[]): (RiskCase | null)[] {
  return files.map((file) => readRiskCase(file, readFileSync(file)) ?? null);
}
