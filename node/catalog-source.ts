/**
 * The one way into a catalog for the CLI, the action and the site. A source is a folder,
 * a published `api/cases.json`, or a repository read through the GitHub API's tarball
 * endpoint; the purpose says how much to read and how far to trust it:
 *
 * - `validate`: every rule, with findings (`failcat validate`, the action's validate mode);
 * - `site`: every rule, keeping the valid cases, as an audience may see them (the site,
 *   `export`, `stats`);
 * - `risk`: only the fields the risk check reads, with a parse cache for a folder
 *   (`failcat check`, the action's risk mode); an export is checked against its schema;
 * - `config`: the configuration and the list of case files (`failcat new`).
 *
 * Worker threads come in as `threads` (node/pool/threads.ts) from the fronts that use them.
 */
import { existsSync, statSync } from 'node:fs';
import type { CaseFileRunner, CatalogResult, SimilarityFinder } from '../core/validate/catalog.ts';
import { listCaseFiles, loadConfig } from '../core/validate/catalog-config.ts';
import { joinPath } from '../core/model/files.ts';
import type { CatalogConfig, RuleContext } from '../core/validate/config.ts';
import { audienceFor, casesForAudience, importCatalog, type Audience } from '../core/publish/export.ts';
import type { Finding } from '../core/model/findings.ts';
import { slimCase } from '../core/risk/read.ts';
import type { Deployment, RiskCase } from '../core/risk/match.ts';
import { fsReader } from './fs-reader.ts';
import { DEFAULT_LIMITS, download, DownloadError, type DownloadLimits } from './http.ts';
import { readRiskBatch, type RiskBatch, type RiskBatchInput } from './pool/risk-batch.ts';
import type { Batches } from './pool/pool.ts';
import {
  abandonCache,
  cacheFileFor,
  finishCache,
  readCache,
  startCache,
  type CacheEntry,
} from './risk-cache.ts';
import { memoryReader, readTarball, type MemoryReader } from './tarball.ts';

/**
 * The case rules and the rest of validation, loaded when a purpose needs them: the risk
 * check (`purpose: 'risk'`) reads only the fields it matches on, and starting without the
 * rules, the Markdown parser and the similarity search spares every check their loading.
 */
function loadValidation(): Promise<typeof import('../core/validate/catalog.ts')> {
  return import('../core/validate/catalog.ts');
}

/** Where a catalog comes from. */
export type CatalogSource =
  | { kind: 'folder'; dir: string }
  /** A published export document (a site's `api/cases.json`). */
  | { kind: 'url'; url: string }
  /** A folder of a GitHub repository at a ref (its default branch without one). */
  | { kind: 'repository'; owner: string; repo: string; ref?: string; path: string };

/** The catalog folder of a repository source when none is named. */
export const DEFAULT_REPOSITORY_PATH = 'catalog';

const REPOSITORY = /^(?:github:)?([A-Za-z0-9][\w.-]*)\/([\w.-]+)(?:@([^:]+))?(?::(.*))?$/;

/**
 * The source a command-line or input value names: an http(s) URL is an export;
 * `github:owner/name[@ref][:path]`, or `owner/name[@ref][:path]` where no such folder
 * exists, is a repository (path default `catalog`); anything else is a folder.
 * With `repositories: false`, only URLs and folders.
 */
export function parseCatalogSource(text: string, options: { repositories?: boolean } = {}): CatalogSource {
  if (/^https?:\/\//i.test(text)) return { kind: 'url', url: text };
  const m = options.repositories === false ? null : REPOSITORY.exec(text);
  if (m && (text.startsWith('github:') || !existsSync(text))) {
    return {
      kind: 'repository',
      owner: m[1]!,
      repo: m[2]!,
      ...(m[3] ? { ref: m[3] } : {}),
      path: joinPath(m[4] ?? '') || DEFAULT_REPOSITORY_PATH,
    };
  }
  return { kind: 'folder', dir: joinPath(text) || '.' };
}

/** A source in words for messages and the risk comment: `dir`, the URL, `owner/name@ref:path`. */
export function describeCatalogSource(source: CatalogSource): string {
  if (source.kind === 'folder') return source.dir;
  if (source.kind === 'url') return source.url;
  const ref = source.ref ? `@${source.ref}` : '';
  const where = source.path === DEFAULT_REPOSITORY_PATH ? '' : `:${source.path}`;
  return `${source.owner}/${source.repo}${ref}${where}`;
}

/** Catalog work on worker threads; `catalogThreads()` (node/pool/threads.ts) gives it. */
export interface CatalogThreads {
  /** Runs validation's per-file checks; `spare` keeps the workers for the near-duplicate search. */
  validation(spare: boolean): CaseFileRunner;
  /** Finds near-duplicates, with the spare workers when there are any. */
  similarity(): SimilarityFinder;
  /** Reads case files from disk for the risk check. */
  risk(files: string[], input: RiskBatchInput): Promise<Batches<RiskBatch>>;
}

/** Access to GitHub for a repository source. */
export interface GitHubAccess {
  /** A token that can read the repository (any public repository needs none). */
  token?: string;
  /** The REST API's base URL (GitHub Enterprise Server: `https://host/api/v3`). */
  apiUrl?: string;
  /** How to give a token, for the hint when the repository is not found or readable. */
  tokenHint?: string;
}

/** What every load may be given. */
interface CommonOptions {
  github?: GitHubAccess;
  /** Limits of downloads (node/http.ts DEFAULT_LIMITS when unset). */
  limits?: Partial<DownloadLimits>;
  /** Worker threads to use for a folder; none, everything runs in this thread. */
  threads?: CatalogThreads;
}

/** Options of a load for the risk check. */
export interface RiskLoadOptions extends CommonOptions {
  purpose: 'risk';
  /** Folder of the parse cache for a folder source; none, no cache. */
  cacheDir?: string;
  /**
   * The deployment to be checked: cases read from files then keep only those that can
   * match it (`cases`); `caseCount` still counts every valid case.
   */
  deployment?: Deployment;
}

/** Options of a load for validation. */
export interface ValidateLoadOptions extends CommonOptions {
  purpose: 'validate';
  /** Report findings only for these files (checked against the whole catalog). */
  only?: string[];
}

/**
 * Options of a load for a site, an export or figures. These uses stop on errors only, so
 * the load does not search for near-duplicates (warnings); `failcat validate` does.
 */
export interface SiteLoadOptions extends CommonOptions {
  purpose: 'site';
  /**
   * Gives the valid cases as this audience may see them ('policy': the policy's
   * default_audience); none, as they are in their files.
   */
  audience?: Audience | 'policy';
}

/** Options of a load of the configuration only. */
export interface ConfigLoadOptions extends CommonOptions {
  purpose: 'config';
}

/** A catalog ready for the risk check. */
export interface RiskCatalog {
  /** The source in words (describeCatalogSource). */
  label: string;
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

/** A validated catalog; with the `site` purpose, its valid cases too. */
export interface ValidatedCatalog extends CatalogResult {
  label: string;
  /** The audience `cases` are shown for, when one was asked for. */
  audience?: Audience;
}

/** A catalog's configuration and case files, unread. */
export interface CatalogSetup {
  label: string;
  catalogDir: string;
  config: CatalogConfig;
  ctx: RuleContext;
  findings: Finding[];
  files: string[];
}

/** Loads a catalog for a purpose; see the module's comment. */
export function loadCatalog(source: CatalogSource, options: RiskLoadOptions): Promise<RiskCatalog>;
export function loadCatalog(
  source: CatalogSource,
  options: ValidateLoadOptions | SiteLoadOptions,
): Promise<ValidatedCatalog>;
export function loadCatalog(source: CatalogSource, options: ConfigLoadOptions): Promise<CatalogSetup>;
export async function loadCatalog(
  source: CatalogSource,
  options: RiskLoadOptions | ValidateLoadOptions | SiteLoadOptions | ConfigLoadOptions,
): Promise<RiskCatalog | ValidatedCatalog | CatalogSetup> {
  const label = describeCatalogSource(source);
  if (source.kind === 'url') {
    if (options.purpose !== 'risk') {
      throw new Error(
        `${label} is a published catalog export, which the risk check can read; to ${options.purpose === 'config' ? 'add a case' : 'validate or publish'}, name the catalog's folder or repository.`,
      );
    }
    return fetchExport(source.url, label, options);
  }
  const downloaded =
    source.kind === 'repository' ? await downloadRepository(source, label, options) : undefined;
  const dir = source.kind === 'repository' ? source.path : source.dir;
  const reader = downloaded ?? fsReader;
  // The pool's threads read from disk: a downloaded catalog is read in this thread.
  const threads = downloaded ? undefined : options.threads;
  switch (options.purpose) {
    case 'risk':
      return readRiskCatalog(dir, label, options, threads, downloaded);
    case 'config': {
      const { config, ctx, findings } = await loadConfig(dir, reader);
      return { label, catalogDir: dir, config, ctx, findings, files: await listCaseFiles(dir, reader) };
    }
    case 'validate': {
      const { validateCatalog } = await loadValidation();
      return {
        label,
        ...(await validateCatalog(dir, reader, {
          only: options.only,
          runner: threads?.validation(true),
          similarity: options.threads?.similarity(),
        })),
      };
    }
    case 'site': {
      const { validateCatalog } = await loadValidation();
      const result = await validateCatalog(dir, reader, {
        keepRecords: true,
        runner: threads?.validation(false),
        // These loads stop on errors only, and near-duplicates are warnings.
        nearDuplicates: false,
      });
      if (options.audience === undefined) return { label, ...result };
      const audience = audienceFor(
        result.config,
        options.audience === 'policy' ? undefined : options.audience,
      );
      const cases = casesForAudience(result.cases, audience);
      return { label, ...result, cases, audience };
    }
  }
}

/** Fetches a published `api/cases.json` and reads it against its schema. */
async function fetchExport(url: string, label: string, options: CommonOptions): Promise<RiskCatalog> {
  let text: string;
  try {
    const { body } = await download(url, { headers: { accept: 'application/json' }, limits: options.limits });
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch (error) {
    const reason = error instanceof DownloadError ? error.reason : (error as Error).message;
    throw new Error(
      `Could not read the catalog export ${url}: ${reason}. Check the URL (it ends in api/cases.json) and that the site is published.`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `The catalog export ${url} is not JSON (${(error as Error).message}). Check the URL: it should be a failcat site's api/cases.json.`,
      { cause: error },
    );
  }
  const { config, cases } = importCatalog(json, url);
  return {
    label,
    config,
    cases: cases.map((c) => ({ file: c.file, data: slimCase(c.data) })),
    caseCount: cases.length,
    invalid: 0,
    findings: [],
    stats: { files: cases.length, parsed: cases.length, cached: 0 },
  };
}

/** Downloads a repository's tarball through the GitHub API into a reader over its files. */
async function downloadRepository(
  source: Extract<CatalogSource, { kind: 'repository' }>,
  label: string,
  options: CommonOptions,
): Promise<MemoryReader> {
  const api = (options.github?.apiUrl || 'https://api.github.com').replace(/\/+$/, '');
  const ref = source.ref ? `/${encodeURIComponent(source.ref)}` : '';
  const url = `${api}/repos/${source.owner}/${source.repo}/tarball${ref}`;
  const token = options.github?.token;
  let body: Buffer;
  try {
    ({ body } = await download(url, {
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'failcat',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      limits: options.limits,
    }));
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    const denied = error.status === 404 || error.status === 403 || error.status === 401;
    const hint = denied
      ? ` A private catalog repository needs a token that can read it${options.github?.tokenHint ? `: ${options.github.tokenHint}` : ' (contents: read there)'}.`
      : '';
    throw new Error(`Could not download ${label} (${url}): ${error.reason}.${hint}`, { cause: error });
  }
  const maxBytes = options.limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  try {
    return memoryReader(readTarball(body, maxBytes));
  } catch (error) {
    throw new Error(`Could not read ${label} (${url}): ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Reads the cases for the risk check: from a folder through the parse cache and the
 * threads, or from a downloaded repository's files in this thread.
 */
async function readRiskCatalog(
  dir: string,
  label: string,
  options: RiskLoadOptions,
  threads: CatalogThreads | undefined,
  downloaded: MemoryReader | undefined,
): Promise<RiskCatalog> {
  const reader = downloaded ?? fsReader;
  const { config, findings } = await loadConfig(dir, reader);
  const files = await listCaseFiles(dir, reader);
  const { deployment } = options;
  if (downloaded) {
    const batch = readRiskBatch(files, { deployment }, (file) => {
      const bytes = downloaded.readSync(file);
      return bytes && { bytes, size: bytes.byteLength, mtimeMs: 0 };
    });
    return {
      label,
      config,
      cases: batch.cases,
      caseCount: batch.valid,
      invalid: files.length - batch.valid,
      findings,
      stats: { files: files.length, parsed: files.length, cached: 0 },
    };
  }
  const cacheFile = options.cacheDir ? cacheFileFor(options.cacheDir, dir) : undefined;
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
  const writer = cacheFile && misses.length > 0 ? startCache(cacheFile, entries) : undefined;
  const input: RiskBatchInput = { deployment, cacheFd: writer?.fd };
  let read: Batches<RiskBatch>;
  try {
    read = threads ? await threads.risk(misses, input) : [[0, readRiskBatch(misses, input)]];
  } catch (error) {
    if (writer) abandonCache(writer);
    throw error;
  }
  if (writer)
    finishCache(
      writer,
      read.every(([, batch]) => batch.cached),
    );
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
    label,
    config,
    cases,
    caseCount: valid,
    invalid: files.length - valid,
    findings,
    stats: { files: files.length, parsed: misses.length, cached: files.length - misses.length },
  };
}
