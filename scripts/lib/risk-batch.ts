/**
 * The risk check's unit of work on every thread: a batch of case files read from disk
 * into risk cases. A batch comes back as its parse-cache entries already joined into JSON
 * text, a count of usable cases and, given the deployment, only the cases that can match
 * it. At 10,000 cases and more this spares the main thread from copying every case across
 * threads and from encoding the whole cache alone.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readRiskCase } from '../../core/risk-read.ts';
import { matchCase, type Deployment, type RiskCase } from '../../core/risk.ts';

/** A batch of case files as read. */
export interface RiskBatch {
  /**
   * The cache entries of the batch's files, `"file":[size,mtimeMs,case or null]` members
   * of a JSON object joined by commas (see risk-catalog.ts); empty for no files.
   */
  entries: string;
  /** How many of the files are usable cases. */
  valid: number;
  /** The cases kept (all usable ones, or with a deployment those that match it), in file order. */
  cases: RiskCase[];
  /** The index in the batch of the file of each kept case. */
  at: number[];
}

/**
 * Reads each file into a risk case, with the size and modification time of the open file
 * (one open per file, and what is cached is what was read). With a deployment, keeps only
 * the cases that match it: the others cannot change the result.
 */
export function readRiskBatch(files: readonly string[], deployment?: Deployment): RiskBatch {
  const memo = new Map();
  const members: string[] = [];
  const batch: RiskBatch = { entries: '', valid: 0, cases: [], at: [] };
  files.forEach((file, i) => {
    const fd = openSync(file, 'r');
    try {
      const { size, mtimeMs } = fstatSync(fd);
      const value = readRiskCase(file, readFileSync(fd)) ?? null;
      members.push(`${JSON.stringify(file)}:${JSON.stringify([size, mtimeMs, value])}`);
      if (value === null) return;
      batch.valid++;
      if (!deployment || matchCase(value.data, deployment, memo) !== undefined) {
        batch.cases.push(value);
        batch.at.push(i);
      }
    } finally {
      closeSync(fd);
    }
  });
  batch.entries = members.join(',');
  return batch;
}
