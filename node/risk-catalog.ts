/**
 * Loading a catalog for the risk check from a folder or a published `api/cases.json`.
 * A folder load reads only what the check needs (parse and schema, no catalog rules), on
 * worker threads for large catalogs, and keeps a cache keyed by each file's size and
 * modification time, so a repeated check reads nothing but the changed files.
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
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { listCaseFiles, loadConfig } from '../core/validate/catalog.ts';
import type { CatalogConfig } from '../core/validate/config.ts';
import { importCatalog } from '../core/publish/export.ts';
import type { Finding } from '../core/model/findings.ts';
import { slimCase } from '../core/risk/read.ts';
import type { Deployment, RiskCase } from '../core/risk/assess.ts';
import { SCHEMAS } from '../core/model/schemas.ts';
import { fsReader } from './fs-reader.ts';
import { DEFAULT_THREADS, runBatches, WORKER_SCRIPTS, type Batches } from './pool/pool.ts';
import { appendCacheEntries, readRiskBatch, type RiskBatch } from './pool/risk-batch.ts';

/**
 * Below this many files to parse, one thread is faster: each worker loads the parser and
 * the schema again, and the check parses only a few fields of each case.
 */
export const MIN_FILES_FOR_RISK_WORKERS = 2000;

/** A catalog ready for the risk check. */
export interface RiskCatalog {
  config: CatalogConfig;
  /** The valid cases (with `deployment`: at least those that match it). */
  cases: RiskCase[];
  /** Valid cases in the catalog. */
  caseCount: number;
  /** Case files left out because they do not parse or validate. */
  invalid: number;
  /** Problems with the catalog's configuration files. */
  findings: Finding[];
  /** How the catalog was read, for reports and benchmarks. */
  stats: { files: number; parsed: number; cached: number };
}

/** Options of a folder load. */
export interface LoadOptions {
  /** Folder of the cache file; undefined disables the cache. */
  cacheDir?: string;
  threads?: number;
  /**
   * The deployment to be checked: files read from disk then keep only the cases that can
   * match it (`cases`); `caseCount` still counts every valid case.
   */
  deployment?: Deployment;
  /** Called with the number of case files once they are listed, before any is read. */
  beforeRead?: (files: number) => void;
}

/** The default cache folder, next to other tools' caches. */
export const DEFAULT_CACHE_DIR = 'node_modules/.cache/failcat';

/** Loads the catalog from a folder or, when `source` is an http(s) URL, from a published export. */
export async function loadRiskCatalog(source: string, options: LoadOptions = {}): Promise<RiskCatalog> {
  if (/^https?:\/\//i.test(source)) return fetchRiskCatalog(source);
  return loadRiskFolder(source, options);
}

/** Fetches and reads a published `api/cases.json`. */
export async function fetchRiskCatalog(url: string, fetchImpl: typeof fetch = fetch): Promise<RiskCatalog> {
  let json: unknown;
  try {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    json = await response.json();
  } catch (error) {
    throw new Error(
      `Could not read the catalog export ${url}: ${(error as Error).message}. Check the URL (it ends in api/cases.json) and that the site is published.`,
      { cause: error },
    );
  }
  const { config, cases } = importCatalog(json, url);
  return {
    config,
    cases: cases.map((c) => ({ file: c.file, data: slimCase(c.data) })),
    caseCount: cases.length,
    invalid: 0,
    findings: [],
    stats: { files: cases.length, parsed: cases.length, cached: 0 },
  };
}

/** A case file as read: its size and modification time (the cache's key), and the case. */
type CacheEntry = [size: number, mtimeMs: number, value: RiskCase | null];
interface CacheFile {
  key: string;
  entries: Record<string, CacheEntry>;
}

// A new failcat version or schema change invalidates every cached record.
const CACHE_KEY = createHash('sha256')
  .update(JSON.stringify(SCHEMAS.case))
  .update('risk-cache-v2')
  .digest('hex');

function cacheFileFor(cacheDir: string, catalogDir: string): string {
  const id = createHash('sha256').update(path.resolve(catalogDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, `risk-${id}.json`);
}

function readCache(file: string): Record<string, CacheEntry> {
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
interface CacheWriter {
  file: string;
  tmp: string;
  fd: number;
}

/** Starts a new cache file with the entries kept from the last run; undefined on failure. */
function startCache(file: string, kept: Record<string, CacheEntry>): CacheWriter | undefined {
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
function finishCache(writer: CacheWriter, complete: boolean): void {
  if (!complete) return abandonCache(writer);
  try {
    writeSync(writer.fd, '}}');
    closeSync(writer.fd);
    renameSync(writer.tmp, writer.file);
  } catch {
    abandonCache(writer);
  }
}

function abandonCache({ fd, tmp }: CacheWriter): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
  rmSync(tmp, { force: true });
}

/** Loads a catalog folder for the risk check. */
export async function loadRiskFolder(catalogDir: string, options: LoadOptions = {}): Promise<RiskCatalog> {
  const { config, findings } = await loadConfig(catalogDir, fsReader);
  const files = await listCaseFiles(catalogDir, fsReader);
  options.beforeRead?.(files.length);
  const cacheFile = options.cacheDir ? cacheFileFor(options.cacheDir, catalogDir) : undefined;
  const cached = cacheFile ? readCache(cacheFile) : {};
  const entries: Record<string, CacheEntry> = {};
  const misses: string[] = [];
  for (const file of files) {
    const hit = cached[file];
    // Without a cache entry there is nothing to compare: the reading thread takes the
    // size and time from the open file.
    const info = hit ? statSync(file) : undefined;
    if (hit && info && hit[0] === info.size && hit[1] === info.mtimeMs) entries[file] = hit;
    else misses.push(file);
  }
  const threads = options.threads ?? DEFAULT_THREADS;
  const { deployment } = options;
  const writer = cacheFile && misses.length > 0 ? startCache(cacheFile, entries) : undefined;
  const cacheFd = writer?.fd;
  let read: Batches<RiskBatch>;
  try {
    read =
      misses.length >= MIN_FILES_FOR_RISK_WORKERS && threads > 1
        ? await runBatches(WORKER_SCRIPTS.risk, misses, { deployment, cacheFd }, threads, (batch) =>
            readRiskBatch(batch, deployment, cacheFd),
          )
        : [[0, readRiskBatch(misses, deployment, cacheFd)]];
  } catch (error) {
    if (writer) abandonCache(writer);
    throw error;
  }
  const complete = read.every(([, batch]) => batch.cached);
  if (writer) finishCache(writer, complete);
  // The cases in the order of `files`, cached and fresh; a cached case is kept whether or
  // not it matches (the check filters anyway).
  const freshCases = new Map<number, RiskCase>();
  for (const [start, batch] of read) batch.cases.forEach((c, i) => freshCases.set(start + batch.at[i]!, c));
  const cases: RiskCase[] = [];
  let valid = read.reduce((sum, [, batch]) => sum + batch.valid, 0);
  let miss = 0;
  for (const file of files) {
    const hit = entries[file];
    const c = hit ? hit[2] : freshCases.get(miss++);
    if (hit && c) valid++;
    if (c) cases.push(c);
  }
  return {
    config,
    cases,
    caseCount: valid,
    invalid: files.length - valid,
    findings,
    stats: { files: files.length, parsed: misses.length, cached: files.length - misses.length },
  };
}
