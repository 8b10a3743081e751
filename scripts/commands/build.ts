/** `failcat build`: the catalog site (Astro) and its search index (Pagefind). */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { oneOf, parseCommandArgs, type Command } from '../lib/cli.ts';

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
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'failcat-astro-'));
  try {
    await runAstroBuild({ ...options, cacheDir });
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
  const pages = await indexSite(out);
  return { pages, seconds: (performance.now() - started) / 1000 };
}

/** Runs the Astro build in a child process (scripts/lib/astro-build.ts) with the FAILCAT_* settings. */
function runAstroBuild(options: { verbose?: boolean; cacheDir: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('../lib/astro-build.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          FAILCAT_SITE_ROOT: SITE_ROOT,
          FAILCAT_CACHE_DIR: options.cacheDir,
          FAILCAT_VERBOSE: options.verbose ? '1' : '',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', (error) =>
      reject(new Error(`Could not start the Astro build: ${error.message}`, { cause: error })),
    );
    child.on('close', (exit) => {
      if (exit === 0) resolve();
      else reject(new Error(`The Astro build failed (exit code ${exit}); its messages are above.`));
    });
  });
}

/** Runs Pagefind over the built site; any error it reports fails the build. */
export async function indexSite(out: string): Promise<number> {
  const pagefind = await import('pagefind');
  const fail = (step: string, errors: string[]) =>
    new Error(
      `Pagefind could not ${step} for ${out}: ${errors.join('; ')}. The site has no search, so the build failed.`,
    );
  try {
    const created = await pagefind.createIndex({});
    if (created.errors.length || !created.index) throw fail('create an index', created.errors);
    // Only case pages carry data-pagefind-body; skipping the rest spares Pagefind from
    // parsing the long list pages (megabytes each in a large catalog).
    const added = await created.index.addDirectory({ path: out, glob: 'cases/*/index.html' });
    if (added.errors.length) throw fail('index the pages', added.errors);
    if (added.page_count === 0) throw fail('index the pages', ['no page has data-pagefind-body content']);
    const written = await created.index.writeFiles({ outputPath: path.join(out, 'pagefind') });
    if (written.errors.length) throw fail('write the index', written.errors);
    return added.page_count;
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
      `Built ${values.out} in ${seconds.toFixed(1)} s; Pagefind indexed ${pages} case pages.\n`,
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
