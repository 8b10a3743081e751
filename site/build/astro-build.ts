/**
 * Runs the Astro build of the site in a process of its own. `failcat build` starts it so
 * the memory Astro holds is returned to the system before Pagefind indexes the pages:
 * the build's peak is the larger of the two steps, not their sum.
 *
 * Input comes from the FAILCAT_* environment variables `failcat build` sets; the exit
 * code is 0 on success, 1 with the reason on standard error otherwise.
 */
import module from 'node:module';

// Importing Astro compiles a few megabytes of JavaScript (about 2 s of a build's start-up);
// Node's on-disk code cache (in the system's temporary folder) spares a quarter of that
// CPU on every build after the first.
module.enableCompileCache?.();
const { build } = await import('astro');

const { FAILCAT_SITE_ROOT, FAILCAT_OUT, FAILCAT_BASE, FAILCAT_SITE_URL, FAILCAT_VERBOSE } = process.env;

try {
  await build({
    root: FAILCAT_SITE_ROOT,
    outDir: FAILCAT_OUT,
    base: FAILCAT_BASE,
    site: FAILCAT_SITE_URL || undefined,
    logLevel: FAILCAT_VERBOSE ? 'info' : 'warn',
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
