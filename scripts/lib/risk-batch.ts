/** The risk check's unit of work on every thread: case files read from disk into risk cases. */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readRiskCase } from '../../core/risk-read.ts';
import type { CacheEntry } from './risk-catalog.ts';

/**
 * Reads each file into a risk case (null for a file that is not a usable case), with the
 * size and modification time of the open file, which key the parse cache: one open per
 * file, and what is cached is what was read.
 */
export function readRiskBatch(files: string[]): CacheEntry[] {
  return files.map((file) => {
    const fd = openSync(file, 'r');
    try {
      const { size, mtimeMs } = fstatSync(fd);
      return [size, mtimeMs, readRiskCase(file, readFileSync(fd)) ?? null];
    } finally {
      closeSync(fd);
    }
  });
}
