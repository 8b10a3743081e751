/**
 * The site's build: validates the catalog, renders the pages with Astro in a child process
 * (astro-build.ts) and indexes the cases with Pagefind. The catalog is validated here while
 * the Astro process starts; its loader then takes the prepared records over the IPC
 * channel, and Pagefind indexes them while Astro renders: both cores work at once.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Audience } from '../../core/publish/export.ts';
import {
  CATALOG_READY,
  CATALOG_WANTED,
  type CatalogOptions,
  type PreparedCatalog,
} from '../src/loaders/catalog.ts';
import type { SiteConfigOptions } from './config.ts';
import { catalogDataFile } from './integration.ts';
import { SEARCH_SHARD_SIZE, type SearchRecord } from '../../core/publish/search-index.ts';
import { readJsonLines } from '../../node/json-lines.ts';
import type { LoadCatalogOptions, LoadCatalogResult } from './load-catalog.ts';
import { indexRecordsInBundles, stopIndexing } from './search-index.ts';

/** Options of a site build. */
export interface SiteBuildOptions {
  /** The catalog folder (relative paths from the current folder). */
  catalog: string;
  /** The output folder; emptied first. */
  out: string;
  /** Base path the site is served under (default `/`). */
  base?: string;
  /** The site's public URL, for absolute links in the feed and the CSV. */
  site?: string;
  /** Default: the policy's `default_audience`. */
  audience?: Audience;
  /** Repository web URL for "edit this case" links; `''` leaves them out (default: git's `origin` remote). */
  repoUrl?: string;
  /** The day overdue actions are counted from, `YYYY-MM-DD` (default: today). */
  today?: string;
  /** Cases per page of the case list (default 50). */
  listPageSize?: number;
  /** Values a case-list facet shows before its filter box (default 10). */
  facetTop?: number;
  /** Cases per search bundle (default SEARCH_SHARD_SIZE). */
  searchShardSize?: number;
  /** Log Astro's and Pagefind's progress (default: warnings only). */
  verbose?: boolean;
}

/** What the Astro child (astro-build.ts) is given, as JSON in its first argument. */
export interface AstroBuildOptions {
  config: SiteConfigOptions;
  /** Astro's root: the build's work folder (its .astro/ and Vite cache go there); the pages stay in the template. */
  root: string;
  verbose?: boolean;
}

/**
 * The folder the builds work in: `.cache/failcat` in the node_modules folder Astro is
 * installed in. Astro's rendering chunks import Astro's own dependencies by name, so they
 * must be written where Node finds those packages, whatever the current folder and the
 * output folder are; and nothing lands beside the catalog or in the current folder.
 */
export function buildWorkRoot(): string {
  const astro = createRequire(import.meta.url).resolve('astro/package.json');
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = astro.lastIndexOf(marker);
  if (at < 0) throw new Error(`Astro is not installed in a node_modules folder (${astro}).`);
  return path.join(astro.slice(0, at + marker.length), '.cache', 'failcat');
}

/** Normalises a base path to '/', or '/name/' with both slashes. */
export function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * Builds the site into `out`, then moves the search index in. Throws when the catalog is
 * invalid (with the validator's findings), when Astro fails, or when Pagefind reports
 * any error: a site without a working search is not a finished build.
 */
export async function buildSite(options: SiteBuildOptions): Promise<{ pages: number; seconds: number }> {
  const started = performance.now();
  const out = path.resolve(options.out);
  const catalog: CatalogOptions = {
    catalog: path.resolve(options.catalog).split(path.sep).join('/'),
    audience: options.audience,
    repoUrl: options.repoUrl,
  };
  checkOutFolder(out, path.resolve(options.catalog));
  const workRoot = buildWorkRoot();
  await mkdir(workRoot, { recursive: true });
  // Each build gets its own work folder: Astro's root and cache (the content store lives
  // there; two builds must not read each other's catalog), the site and the search index.
  const work = await mkdtemp(path.join(workRoot, 'build-'));
  const site = path.join(work, 'site');
  const cacheDir = path.join(work, 'cache');
  const indexDir = path.join(work, 'search');
  const log = options.verbose ? logProgress : undefined;
  try {
    const { prepared, indexing, stop } = loadAndIndex(
      catalog,
      catalogDataFile(cacheDir),
      indexDir,
      options.searchShardSize ?? SEARCH_SHARD_SIZE,
      log,
    );
    const astro = startAstroBuild(
      {
        config: {
          ...catalog,
          catalogFrom: 'parent',
          today: options.today,
          listPageSize: options.listPageSize,
          facetTop: options.facetTop,
          searchShardSize: options.searchShardSize,
          base: normaliseBase(options.base ?? '/'),
          site: options.site,
          outDir: site,
          cacheDir,
        },
        root: work,
        verbose: options.verbose,
      },
      () => prepared,
    );
    try {
      await Promise.all([prepared, astro.done]);
    } catch (error) {
      // Whichever fails first stops the rest at once: a catalog error stops Astro, and an
      // Astro failure (while the catalog loads, too) the loading and the indexing.
      astro.stop();
      await stop();
      await astro.done.catch(() => undefined);
      throw error;
    }
    const pages = await indexing;
    await rename(path.join(indexDir, 'pagefind'), path.join(site, 'pagefind'));
    await moveIntoPlace(site, out);
    return { pages, seconds: (performance.now() - started) / 1000 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Replaces `out` with the finished site. The site is moved (or, from another file system,
 * copied) into a folder beside `out` first, then renamed into place: `out` never holds a
 * half-copied site.
 */
async function moveIntoPlace(site: string, out: string): Promise<void> {
  await mkdir(path.dirname(out), { recursive: true });
  const staged = await mkdtemp(path.join(path.dirname(out), `.${path.basename(out)}-`));
  try {
    const next = path.join(staged, 'site');
    await rename(site, next).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error;
      await cp(site, next, { recursive: true });
    });
    await rm(out, { recursive: true, force: true });
    await rename(next, out);
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

/** Refuses an output folder whose replacement would delete the catalog or the current folder. */
export function checkOutFolder(out: string, catalog: string): void {
  const inside = (child: string, parent: string) => {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  for (const [what, dir] of [
    ['the catalog', catalog],
    ['the current folder', process.cwd()],
  ] as const) {
    if (inside(dir, out)) {
      throw new Error(
        `The output folder ${out} holds ${what} (${dir}), and a build replaces its output folder: choose another --out, such as dist.`,
      );
    }
  }
}

/**
 * Validates and loads the catalog and writes the records file the pages read
 * (`prepared`, what the loader asks for) and the search records, in a process of its own
 * (load-catalog.ts) that ends once they are written, so the loaded catalog is not held
 * while the pages render; then indexes the search records (`indexing`).
 */
function loadAndIndex(
  options: CatalogOptions,
  dataFile: string,
  indexDir: string,
  shardSize: number,
  log?: (message: string) => void,
): { prepared: Promise<PreparedCatalog>; indexing: Promise<number>; stop(): Promise<void> } {
  const recordsFile = path.join(indexDir, 'records.jsonl');
  const load = startLoadCatalog({ catalog: options, dataFile, recordsFile });
  const prepared = load.prepared;
  const indexing = prepared.then(async ({ count }) => {
    try {
      return await indexRecordsInBundles(
        readJsonLines<SearchRecord>(recordsFile),
        count,
        indexDir,
        shardSize,
        log,
      );
    } finally {
      await rm(recordsFile, { force: true });
    }
  });
  // Both are awaited by buildSite; a failure must not surface as an unhandled rejection first.
  prepared.catch(() => undefined);
  indexing.catch(() => undefined);
  // A failed build wants neither: the loading would write into a work folder being removed.
  const stop = async () => {
    load.stop();
    await stopIndexing();
  };
  return { prepared, indexing, stop };
}

/** A running load-catalog.ts: what it prepared (or its error), and a way to stop it. */
interface CatalogLoad {
  prepared: Promise<PreparedCatalog>;
  stop(): void;
}

/** Starts load-catalog.ts, which answers over its IPC channel (LoadCatalogResult). */
function startLoadCatalog(options: LoadCatalogOptions): CatalogLoad {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./load-catalog.ts', import.meta.url)), JSON.stringify(options)],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const prepared = new Promise<PreparedCatalog>((resolve, reject) => {
    let answer: LoadCatalogResult | undefined;
    child.on('message', (message: LoadCatalogResult) => (answer = message));
    child.on('error', (error) =>
      reject(new Error(`Could not load the catalog: ${error.message}`, { cause: error })),
    );
    child.on('close', (code) => {
      if (answer?.ok) resolve(answer.catalog);
      else reject(new Error(answer?.message ?? `The catalog could not be loaded (exit code ${code}).`));
    });
  });
  return { prepared, stop: () => child.kill() };
}

/** A running Astro build. */
interface AstroBuild {
  done: Promise<void>;
  stop(): void;
}

/** Variables Astro would read into import.meta.env: a parent Vite or Vitest process sets them, and an inherited BASE_URL breaks every link. */
const VITE_ENV_NAMES = ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'SITE', 'ASSETS_PREFIX'];

/** Starts the Astro child; when its loader asks for the catalog, `prepared` gives the answer. */
function startAstroBuild(options: AstroBuildOptions, prepared: () => Promise<PreparedCatalog>): AstroBuild {
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  for (const name of VITE_ENV_NAMES) delete env[name];
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./astro-build.ts', import.meta.url)), JSON.stringify(options)],
    // Astro puts rendering chunks under the current folder when the output is elsewhere.
    { env, cwd: options.root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  child.on('message', (message: { type?: string } | null) => {
    if (message?.type !== CATALOG_WANTED) return;
    prepared().then(
      (catalog) => child.send({ type: CATALOG_READY, catalog }),
      () => child.kill(),
    );
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) =>
      reject(new Error(`Could not start the Astro build: ${error.message}`, { cause: error })),
    );
    child.on('close', (exit, signal) => {
      if (exit === 0) resolve();
      else
        reject(
          new Error(
            `The Astro build failed (${exit === null ? `stopped by ${signal}` : `exit code ${exit}`}); its messages are above.`,
          ),
        );
    });
  });
  return { done, stop: () => child.kill() };
}

/** A progress line in Astro's format (`12:00:01 [search] ...`), on standard output. */
function logProgress(message: string): void {
  const time = new Date().toTimeString().slice(0, 8);
  process.stdout.write(`${time} [search] ${message}\n`);
}
