/** `failcat build`: the catalog site (Astro) and its search index (Pagefind). */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { searchLabels, searchRecordOf, type SearchRecord } from '../../core/publish/search-index.ts';
import {
  CATALOG_READY,
  CATALOG_WANTED,
  catalogDataFile,
  loadCatalog,
  prepareCatalog,
  type LoadedCatalog,
  type PreparedCatalog,
  // eslint-disable-next-line import-x/no-restricted-paths -- moving into site/ (issue 11)
} from '../../site/src/loaders/catalog.ts';
import { oneOf, parseCommandArgs, type Command } from '../cli.ts';

/** The Astro project folder. */
export const SITE_ROOT = fileURLToPath(new URL('../../site/', import.meta.url));

/** Options of a site build. */
export interface BuildOptions {
  catalog: string;
  audience?: 'public' | 'internal';
  out: string;
  base: string;
  site?: string;
  repoUrl?: string;
  /** Log Astro's progress (default: warnings only). */
  verbose?: boolean;
}

/** The repository's web URL for "edit this case" links: given, from GitHub Actions, or from git. */
function repoUrlFromEnv(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY } = process.env;
  return GITHUB_SERVER_URL && GITHUB_REPOSITORY ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}` : undefined;
}

/** Normalises a base path to '/', or '/name/' with both slashes. */
export function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * Builds the site into `out`, then indexes it with Pagefind. Throws when the catalog is
 * invalid (with the validator's findings), when Astro fails, or when Pagefind reports
 * any error: a site without a working search is not a finished build.
 */
export async function buildSite(options: BuildOptions): Promise<{ pages: number; seconds: number }> {
  const started = performance.now();
  const out = path.resolve(options.out);
  const base = normaliseBase(options.base);
  Object.assign(process.env, {
    FAILCAT_CWD: process.cwd(),
    FAILCAT_CATALOG: path.resolve(options.catalog),
    FAILCAT_BASE: base,
    FAILCAT_OUT: out,
    ASTRO_TELEMETRY_DISABLED: '1',
  });
  if (options.audience) process.env.FAILCAT_AUDIENCE = options.audience;
  else delete process.env.FAILCAT_AUDIENCE;
  if (options.site) process.env.FAILCAT_SITE_URL = options.site;
  const repoUrl = options.repoUrl ?? repoUrlFromEnv();
  if (repoUrl !== undefined) process.env.FAILCAT_REPO_URL = repoUrl;

  // Astro fills import.meta.env from same-named process variables; a parent Vite or
  // Vitest process sets these, and an inherited BASE_URL would break every link.
  for (const name of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'SITE', 'ASSETS_PREFIX'])
    delete process.env[name];
  await rm(out, { recursive: true, force: true });
  await mkdir(path.dirname(out), { recursive: true });
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'failcat-astro-'));
  // Pagefind writes next to the output folder (same file system, so the finished index
  // moves in with a rename): Astro empties its output folder when it starts.
  const indexDir = await mkdtemp(path.join(path.dirname(out), `.${path.basename(out)}-search-`));
  try {
    // The catalog is validated here (the site loader's own code) while the Astro process
    // starts up; its loader then takes the prepared records, and Pagefind indexes them
    // while Astro renders the pages: both cores work at once.
    const dataFile = catalogDataFile(cacheDir);
    const { prepared, indexing } = loadAndIndex(
      dataFile,
      indexDir,
      options.verbose ? logProgress : undefined,
    );
    const astro = startAstroBuild({ ...options, cacheDir }, () => prepared);
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
 * Validates and loads the catalog with the site loader's code and writes the records file
 * the pages read (`prepared`, what the loader asks for), then indexes the cases for search
 * (`indexing`). The loaded cases are referenced only until their search records exist.
 */
function loadAndIndex(
  dataFile: string,
  indexDir: string,
  log?: (message: string) => void,
): { prepared: Promise<PreparedCatalog>; indexing: Promise<number> } {
  const catalog = loadCatalog();
  const prepared = catalog.then((loaded) => prepareCatalog(loaded, dataFile));
  const indexing = catalog.then((loaded) => indexCatalog(loaded, indexDir, log));
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

/**
 * Starts the Astro build in a child process (scripts/lib/astro-build.ts) with the FAILCAT_*
 * settings; when its loader asks for the catalog, `prepared` gives the answer.
 */
function startAstroBuild(
  options: { verbose?: boolean; cacheDir: string },
  prepared: () => Promise<PreparedCatalog>,
): AstroBuild {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../../site/build/astro-build.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        FAILCAT_SITE_ROOT: SITE_ROOT,
        FAILCAT_CACHE_DIR: options.cacheDir,
        FAILCAT_VERBOSE: options.verbose ? '1' : '',
        FAILCAT_PREPARED_CATALOG: '1',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
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

/** Indexes the audience's cases for search, writing Pagefind's files under `outDir`. */
function indexCatalog(
  catalog: LoadedCatalog,
  outDir: string,
  log?: (message: string) => void,
): Promise<number> {
  const labels = searchLabels(catalog.config);
  log?.(`indexing ${catalog.cases.length} cases for search while the pages render`);
  const records = catalog.cases.map((c) => searchRecordOf(c, labels));
  return indexRecords(records, path.join(outDir, 'pagefind'), log);
}

/** A progress line in Astro's format (`12:00:01 [search] ...`), on standard output. */
function logProgress(message: string): void {
  const time = new Date().toTimeString().slice(0, 8);
  process.stdout.write(`${time} [search] ${message}\n`);
}

/** Files written at once (10,000 fragments would otherwise open 10,000 handles together). */
const WRITE_BATCH = 64;

/**
 * Indexes search records with Pagefind and writes its bundle to `outputPath`; any error
 * it reports fails the build, and so does an empty index.
 */
export async function indexRecords(
  records: readonly SearchRecord[],
  outputPath: string,
  log?: (message: string) => void,
): Promise<number> {
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const pagefind = await import('pagefind');
  const fail = (step: string, errors: string[]) =>
    new Error(
      `Pagefind could not ${step} for ${outputPath}: ${errors.join('; ')}. The site has no search, so the build failed.`,
    );
  try {
    if (records.length === 0) throw fail('index the cases', ['there is no case to index']);
    const created = await pagefind.createIndex({});
    if (created.errors.length || !created.index) throw fail('create an index', created.errors);
    const index = created.index;
    const added = await Promise.all(records.map((r) => index.addCustomRecord(r)));
    const errors = added.flatMap((a) => a.errors);
    if (errors.length) throw fail('index the cases', errors);
    log?.(`${records.length} records indexed by Pagefind (${seconds()})`);
    // The files come back over the service's pipe and are written here: with writeFiles,
    // closing the service right after it answered has left a file empty (its writes
    // still in flight when the process was stopped).
    const built = await index.getFiles();
    if (built.errors.length) throw fail('write the index', built.errors);
    log?.(`${built.files.length} index files built (${seconds()})`);
    for (const dir of new Set(built.files.map((f) => path.dirname(path.join(outputPath, f.path)))))
      await mkdir(dir, { recursive: true });
    for (let i = 0; i < built.files.length; i += WRITE_BATCH) {
      await Promise.all(
        built.files.slice(i, i + WRITE_BATCH).map((f) => writeFile(path.join(outputPath, f.path), f.content)),
      );
    }
    log?.(`index written (${seconds()})`);
    return records.length;
  } finally {
    await pagefind.close();
  }
}

const run = promisify(execFile);

export const buildCommand: Command = {
  usage: `Usage: failcat build [--audience public|internal] [--out DIR] [--base PATH] [--catalog DIR]
                    [--site URL] [--repo-url URL]

Validates the catalog and builds the static site: case pages, facets and search,
dashboard, open actions, api/cases.json, cases.csv, feed.xml and the JSON Schemas.
An invalid catalog fails the build with the validator's findings.

Options:
  --audience A    public (only public cases, redacted fields removed everywhere) or
                  internal; default: the policy's default_audience
  --out DIR       output folder (default: site/dist)
  --base PATH     base path the site is served under, e.g. /failcat/ for a GitHub
                  Pages project site (default: /)
  --catalog DIR   the catalog folder (default: catalog)
  --site URL      the site's public URL, for absolute links in the feed and CSV
  --repo-url URL  repository web URL for "edit this case" links (default: from
                  GITHUB_SERVER_URL/GITHUB_REPOSITORY, else git's origin remote;
                  pass "" to leave the links out)
  --verbose       show Astro's progress
  -h, --help      show this help`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      audience: { type: 'string' },
      out: { type: 'string', default: 'site/dist' },
      base: { type: 'string', default: '/' },
      catalog: { type: 'string', default: 'catalog' },
      site: { type: 'string' },
      'repo-url': { type: 'string' },
      verbose: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    const audience = values.audience
      ? oneOf('audience', values.audience, ['public', 'internal'] as const, 'internal')
      : undefined;
    if (values.site) {
      try {
        new URL(values.site);
      } catch (error) {
        throw new Error(
          `--site must be an absolute URL such as https://example.org/; got "${values.site}".`,
          {
            cause: error,
          },
        );
      }
    }
    const { pages, seconds } = await buildSite({
      catalog: values.catalog!,
      audience,
      out: values.out!,
      base: values.base!,
      site: values.site,
      repoUrl: values['repo-url'],
      verbose: values.verbose,
    });
    process.stdout.write(
      `Built ${values.out} in ${seconds.toFixed(1)} s; Pagefind indexed ${pages} cases.\n`,
    );
    return 0;
  },
};

/** Whether git is on PATH (the history needs it); exported for tests that skip without it. */
export async function hasGit(): Promise<boolean> {
  return run('git', ['--version']).then(
    () => true,
    () => false,
  );
}
