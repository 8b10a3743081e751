/**
 * The site's build: validates the catalog, renders the pages with Astro in a child process
 * (astro-build.ts) and indexes the cases with Pagefind. The catalog is validated here while
 * the Astro process starts; its loader then takes the prepared records over the IPC
 * channel, and Pagefind indexes them while Astro renders: both cores work at once.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Audience } from '../../core/publish/export.ts';
import {
  CATALOG_READY,
  CATALOG_WANTED,
  loadCatalog,
  prepareCatalog,
  type CatalogOptions,
  type PreparedCatalog,
} from '../src/loaders/catalog.ts';
import type { SiteConfigOptions } from './config.ts';
import { catalogDataFile } from './integration.ts';
import { SEARCH_SHARD_SIZE } from '../../core/publish/search-index.ts';
import { indexCatalog } from './search-index.ts';

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
  verbose?: boolean;
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
  await rm(out, { recursive: true, force: true });
  await mkdir(path.dirname(out), { recursive: true });
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'failcat-astro-'));
  // Pagefind writes next to the output folder (same file system, so the finished index
  // moves in with a rename): Astro empties its output folder when it starts.
  const indexDir = await mkdtemp(path.join(path.dirname(out), `.${path.basename(out)}-search-`));
  const log = options.verbose ? logProgress : undefined;
  try {
    const { prepared, indexing } = loadAndIndex(
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
          outDir: out,
          // Each build gets its own cache: the content store lives there, and two builds
          // from one checkout must not read each other's catalog.
          cacheDir,
        },
        verbose: options.verbose,
      },
      () => prepared,
    );
    try {
      await prepared;
    } catch (error) {
      astro.stop();
      await astro.done.catch(() => undefined);
      throw error;
    }
    const astroResult = await astro.done.then(
      () => undefined,
      (error: unknown) => error,
    );
    // Even when Astro failed, let Pagefind finish (and close) before reporting.
    const search = await indexing.then(
      (pages) => ({ pages }),
      (error: unknown) => ({ error }),
    );
    if (astroResult) throw astroResult;
    if ('error' in search) throw search.error;
    await rename(path.join(indexDir, 'pagefind'), path.join(out, 'pagefind'));
    return { pages: search.pages, seconds: (performance.now() - started) / 1000 };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
    await rm(indexDir, { recursive: true, force: true });
  }
}

/**
 * Validates and loads the catalog and writes the records file the pages read
 * (`prepared`, what the loader asks for), then indexes the cases for search
 * (`indexing`). The loaded cases are referenced only until their search records exist.
 */
function loadAndIndex(
  options: CatalogOptions,
  dataFile: string,
  indexDir: string,
  shardSize: number,
  log?: (message: string) => void,
): { prepared: Promise<PreparedCatalog>; indexing: Promise<number> } {
  const catalog = loadCatalog(options);
  const prepared = catalog.then((loaded) => prepareCatalog(loaded, dataFile));
  const indexing = catalog.then((loaded) => indexCatalog(loaded, indexDir, shardSize, log));
  // Both are awaited by buildSite; a failure must not surface as an unhandled rejection first.
  prepared.catch(() => undefined);
  indexing.catch(() => undefined);
  return { prepared, indexing };
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
    { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
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
    child.on('close', (exit) => {
      if (exit === 0) resolve();
      else reject(new Error(`The Astro build failed (exit code ${exit}); its messages are above.`));
    });
  });
  return { done, stop: () => child.kill() };
}

/** A progress line in Astro's format (`12:00:01 [search] ...`), on standard output. */
function logProgress(message: string): void {
  const time = new Date().toTimeString().slice(0, 8);
  process.stdout.write(`${time} [search] ${message}\n`);
}
