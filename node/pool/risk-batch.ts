/**
 * The risk check's unit of work on every thread: a batch of case files read from disk
 * into risk cases. Each thread appends the batch's parse-cache entries to the cache file
 * itself, and hands back only a count of usable cases and, given the deployment, the cases
 * that can match it. This spares the main thread from copying every case across threads
 * and from encoding and writing the whole cache alone, which in a large catalog would
 * leave the workers waiting on it.
 */
import { closeSync, writeSync } from 'node:fs';
import { RefusedFile } from '../../core/model/files.ts';
import { openRegularFile, readOpened } from '../fs-reader.ts';
import { readRiskCase } from '../../core/risk/read.ts';
import { matchCase, type Deployment, type RiskCase } from '../../core/risk/match.ts';

/** A batch of case files as read. */
export interface RiskBatch {
  /** How many of the files are usable cases. */
  valid: number;
  /** The cases kept (all usable ones, or with a deployment those that match it), in file order. */
  cases: RiskCase[];
  /** The index in the batch of the file of each kept case. */
  at: number[];
  /** Whether the batch's cache entries were written (true without a cache file). */
  cached: boolean;
}

/**
 * Appends cache entries, `"file":[size,mtimeMs,case or null]` members of the cache's
 * `entries` object (see node/risk-cache.ts), each after a comma, to the cache file open for
 * appending at `fd`. One write: the kernel puts each append whole at the end of the file,
 * so threads sharing the file never mix their entries. Returns whether all was written.
 */
export function appendCacheEntries(fd: number, members: readonly string[]): boolean {
  if (members.length === 0) return true;
  try {
    const bytes = Buffer.from(`,${members.join(',')}`);
    return writeSync(fd, bytes) === bytes.length;
  } catch {
    return false;
  }
}

/** What a batch needs besides its files: the deployment to filter by, the cache to append to. */
export interface RiskBatchInput {
  deployment?: Deployment;
  /** The cache file open for appending (see node/risk-cache.ts); none, no cache. */
  cacheFd?: number;
}

/** A file's bytes with the size and modification time they were read at. */
export interface ReadFile {
  bytes: Uint8Array;
  size: number;
  mtimeMs: number;
}

/**
 * Reads a file from disk: one open, so what is cached is what was read. A link, a
 * non-regular, unreadable or oversized file is no case (node/fs-reader.ts decides).
 */
function readFromDisk(file: string): ReadFile | undefined {
  let opened;
  try {
    opened = openRegularFile(file);
  } catch (error) {
    if (error instanceof RefusedFile) return undefined;
    throw error;
  }
  if (!opened) return undefined;
  try {
    return { bytes: readOpened(opened), size: opened.size, mtimeMs: opened.mtimeMs };
  } catch {
    return undefined;
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * Reads each file into a risk case (from disk, unless `read` says otherwise), and appends
 * the entries to the cache file at `input.cacheFd`. With a deployment, keeps only the
 * cases that match it: the others cannot change the result.
 */
export function readRiskBatch(
  files: readonly string[],
  { deployment, cacheFd }: RiskBatchInput = {},
  read: (file: string) => ReadFile | undefined = readFromDisk,
): RiskBatch {
  const memo = new Map();
  const members: string[] = [];
  const batch: RiskBatch = { valid: 0, cases: [], at: [], cached: true };
  files.forEach((file, i) => {
    const got = read(file);
    const value = (got && readRiskCase(file, got.bytes)) ?? null;
    if (cacheFd !== undefined && got)
      members.push(`${JSON.stringify(file)}:${JSON.stringify([got.size, got.mtimeMs, value])}`);
    if (value === null) return;
    batch.valid++;
    if (!deployment || matchCase(value.data, deployment, memo) !== undefined) {
      batch.cases.push(value);
      batch.at.push(i);
    }
  });
  if (cacheFd !== undefined) batch.cached = appendCacheEntries(cacheFd, members);
  return batch;
}
