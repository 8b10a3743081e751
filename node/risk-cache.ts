/**
 * The risk check's parse cache for a catalog folder: each case file's size, modification
 * time and risk case, so a repeated check parses only the files that changed. Reading
 * threads append their entries to a temporary file (risk-batch.ts) that replaces the cache
 * once complete.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants as fsConstants,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { RiskCase } from '../core/risk/match.ts';
import { SCHEMAS } from '../core/model/schemas.ts';
import { failcatCacheDir } from './cache-dir.ts';
import { appendCacheEntries } from './pool/risk-batch.ts';

/** The default cache folder, next to other tools' caches in failcat's own node_modules. */
export const DEFAULT_CACHE_DIR = failcatCacheDir();

/** A case file as read: its size and modification time (the cache's key), and the case. */
export type CacheEntry = [size: number, mtimeMs: number, value: RiskCase | null];
interface CacheFile {
  key: string;
  entries: Record<string, CacheEntry>;
}

// A new failcat version or schema change invalidates every cached record.
const CACHE_KEY = createHash('sha256')
  .update(JSON.stringify(SCHEMAS.case))
  .update('risk-cache-v2')
  .digest('hex');

/** The cache file of a catalog folder inside `cacheDir`. */
export function cacheFileFor(cacheDir: string, catalogDir: string): string {
  const id = createHash('sha256').update(path.resolve(catalogDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, `risk-${id}.json`);
}

/** The entries of a cache file; none when it is missing, corrupt or from another version. */
export function readCache(file: string): Record<string, CacheEntry> {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (data.key !== CACHE_KEY || !data.entries) return {};
    // The empty-named entry every cache file opens with (see CacheWriter).
    delete data.entries[''];
    return data.entries;
  } catch {
    // A missing or corrupt cache only costs a full read.
    return {};
  }
}

/**
 * A cache file being written: a temporary file that the reading threads append their
 * entries to as they go (appendCacheEntries), renamed over the cache once complete. Its
 * `entries` open with an empty-named entry, which no case file matches, so that every
 * append can start with a comma whichever thread writes first.
 */
export interface CacheWriter {
  file: string;
  tmp: string;
  fd: number;
}

/** Starts a new cache file with the entries kept from the last run; undefined on failure. */
export function startCache(file: string, kept: Record<string, CacheEntry>): CacheWriter | undefined {
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND } = fsConstants;
    fd = openSync(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND);
    writeSync(fd, `{"key":${JSON.stringify(CACHE_KEY)},"entries":{"":null`);
    const members = Object.entries(kept).map(([f, entry]) => `${JSON.stringify(f)}:${JSON.stringify(entry)}`);
    if (!appendCacheEntries(fd, members)) throw new Error('short write');
    return { file, tmp, fd };
  } catch {
    // The cache is an optimisation; a read-only checkout still gets a correct result.
    if (fd !== undefined) abandonCache({ file, tmp, fd });
    return undefined;
  }
}

/** Completes the cache file when every append succeeded, and discards it otherwise. */
export function finishCache(writer: CacheWriter, complete: boolean): void {
  if (!complete) return abandonCache(writer);
  try {
    writeSync(writer.fd, '}}');
    closeSync(writer.fd);
    renameSync(writer.tmp, writer.file);
  } catch {
    abandonCache(writer);
  }
}

/** Closes and removes an unfinished cache file. */
export function abandonCache({ fd, tmp }: CacheWriter): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
  rmSync(tmp, { force: true });
}
