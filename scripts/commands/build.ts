/**
 * `failcat build`: the catalog site. The site owns its build (site/build/main.ts: Astro
 * and Pagefind); this command checks its options and runs that program as a child process,
 * its output streamed, its result and exit code passed through.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { oneOf, parseCommandArgs, type Command } from '../cli.ts';

/** The site's build program, found from this module's place beside the site template. */
const SITE_BUILD = fileURLToPath(new URL('../../site/build/main.ts', import.meta.url));

/** The site build's options (SiteBuildOptions in site/build/build-site.ts), sent as JSON. */
interface SiteBuildOptions {
  catalog: string;
  out: string;
  base: string;
  audience?: 'public' | 'internal';
  site?: string;
  repoUrl?: string;
  verbose?: boolean;
}

/** The site build's answer (SiteBuildResult in site/build/main.ts). */
type SiteBuildResult =
  { ok: true; pages: number; seconds: number } | { ok: false; message: string; stack?: string };

/** The repository's web URL for "edit this case" links, from GitHub Actions' variables. */
function repoUrlFromEnv(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY } = process.env;
  return GITHUB_SERVER_URL && GITHUB_REPOSITORY ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}` : undefined;
}

/**
 * Runs the site's build program with these options; resolves with its result, or throws
 * with its message (the findings of an invalid catalog, Astro's or Pagefind's failure).
 */
async function runSiteBuild(options: SiteBuildOptions): Promise<{ pages: number; seconds: number }> {
  const child = spawn(process.execPath, [SITE_BUILD, JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result: SiteBuildResult | undefined;
  child.on('message', (message: SiteBuildResult) => (result = message));
  const exit = await new Promise<string>((resolve, reject) => {
    child.on('error', (error) =>
      reject(new Error(`Could not start the site build (${SITE_BUILD}): ${error.message}`, { cause: error })),
    );
    child.on('close', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
  });
  if (result?.ok) return result;
  if (result) {
    const error = new Error(result.message);
    if (result.stack) error.stack = result.stack;
    throw error;
  }
  throw new Error(`The site build stopped without a result (${exit}); its messages are above.`);
}

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
    const { pages, seconds } = await runSiteBuild({
      catalog: path.resolve(values.catalog!),
      out: path.resolve(values.out!),
      base: values.base!,
      audience,
      site: values.site,
      repoUrl: values['repo-url'] ?? repoUrlFromEnv(),
      verbose: values.verbose,
    });
    process.stdout.write(
      `Built ${values.out} in ${seconds.toFixed(1)} s; Pagefind indexed ${pages} cases.\n`,
    );
    return 0;
  },
};
