/**
 * The site's build program: `node site/build/main.ts '<options>'`, the options
 * (SiteBuildOptions in build-site.ts) as JSON in the first argument. `failcat build`
 * starts it with an IPC channel and gets the result as a message (SiteBuildResult); run
 * by hand it prints the result. The exit code is 0 when the site was built, 1 otherwise.
 */
import { applyEnvironment } from '../../node/environment.ts';
import { buildSite, type SiteBuildOptions } from './build-site.ts';

applyEnvironment();

/** The program's answer to the process that started it. */
export type SiteBuildResult =
  { ok: true; pages: number; seconds: number } | { ok: false; message: string; stack?: string };

/** The options from the first argument, with the test hooks from the environment. */
function readOptions(argument: string | undefined): SiteBuildOptions {
  let options: SiteBuildOptions;
  try {
    options = JSON.parse(argument ?? '') as SiteBuildOptions;
  } catch (error) {
    throw new Error(
      `The site build takes its options as JSON in its first argument, e.g. '{"catalog":"catalog","out":"dist"}'; got ${JSON.stringify(argument ?? '')}.`,
      { cause: error },
    );
  }
  if (typeof options?.catalog !== 'string' || typeof options.out !== 'string') {
    throw new Error(`The site build's options need "catalog" and "out" (folders); got ${argument}.`);
  }
  // The browser tests fix the day overdue actions count from, and page a four-case
  // catalog, fold its facets and split its search index.
  const { FAILCAT_TODAY, FAILCAT_LIST_PAGE_SIZE, FAILCAT_FACET_TOP, FAILCAT_SEARCH_SHARD_SIZE } = process.env;
  if (FAILCAT_TODAY) options.today ??= FAILCAT_TODAY;
  if (Number(FAILCAT_LIST_PAGE_SIZE) > 0) options.listPageSize ??= Number(FAILCAT_LIST_PAGE_SIZE);
  if (Number(FAILCAT_FACET_TOP) > 0) options.facetTop ??= Number(FAILCAT_FACET_TOP);
  if (Number(FAILCAT_SEARCH_SHARD_SIZE) > 0) options.searchShardSize ??= Number(FAILCAT_SEARCH_SHARD_SIZE);
  return options;
}

/** Builds the site with the options in `argument`; failures become the result, never an exception. */
async function run(argument: string | undefined): Promise<SiteBuildResult> {
  try {
    const { pages, seconds } = await buildSite(readOptions(argument));
    return { ok: true, pages, seconds };
  } catch (error) {
    return { ok: false, message: (error as Error).message, stack: (error as Error).stack };
  }
}

const result = await run(process.argv[2]);
process.exitCode = result.ok ? 0 : 1;
if (process.send) {
  // Exit once the answer is sent: after a failure, loading or indexing may still run.
  process.send(result, () => process.exit());
} else if (result.ok) {
  process.stdout.write(
    `Built the site in ${result.seconds.toFixed(1)} s; Pagefind indexed ${result.pages} cases.\n`,
  );
} else {
  process.stderr.write(`${result.message}\n`);
}
