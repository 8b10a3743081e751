/**
 * The risk check's unit of work on every thread: case files read from disk into risk
 * cases, each with its parse-cache entry already in JSON, and, given the deployment, only
 * the cases that can match it kept as objects. At 100,000 cases this spares the main
 * thread from copying every case across threads and from encoding the whole cache alone.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readRiskCase } from '../../core/risk-read.ts';
import { matchCase, type Deployment, type RiskCase } from '../../core/risk.ts';

/** One case file as read: its cache entry as JSON, and the case when it is kept. */
export interface RiskRead {
  /** `[size, mtimeMs, case or null]`, the cache entry (see risk-catalog.ts), as JSON. */
  entry: string;
  /** Whether the file is a usable case. */
  valid: boolean;
  /** The case, unless a deployment was given and the case cannot match it. */
  case?: RiskCase;
}

/**
 * Reads each file into a risk case, with the size and modification time of the open file
 * (one open per file, and what is cached is what was read). With a deployment, keeps only
 * the cases that match it: the others cannot change the result.
 */
export function readRiskBatch(files: string[], deployment?: Deployment): RiskRead[] {
  const memo = new Map();
  return files.map((file) => {
    const fd = openSync(file, 'r');
    try {
      const { size, mtimeMs } = fstatSync(fd);
      const value = readRiskCase(file, readFileSync(fd)) ?? null;
      const keep = value !== null && (!deployment || matchCase(value.data, deployment, memo) !== undefined);
      return {
        entry: JSON.stringify([size, mtimeMs, value]),
        valid: value !== null,
        ...(keep ? { case: value } : {}),
      };
    } finally {
      closeSync(fd);
    }
  });
}
