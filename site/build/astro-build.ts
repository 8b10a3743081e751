/**
 * Runs the Astro build of the site in a process of its own, started by build-site.ts with
 * its options (AstroBuildOptions) as JSON in the first argument. The exit code is 0 on
 * success, 1 with the reason on standard error otherwise.
 */
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AstroBuildOptions } from './build-site.ts';

// Importing Astro compiles a few megabytes of JavaScript (about 2 s of a build's start-up);
// Node's on-disk code cache (in the system's temporary folder) spares a quarter of that
// CPU on every build after the first.
module.enableCompileCache?.();
const { build } = await import('astro');
const { siteConfig } = await import('./config.ts');

try {
  const options = JSON.parse(process.argv[2] ?? '') as AstroBuildOptions;
  await build({
    ...siteConfig(options.config),
    // The work folder is the root (Astro's .astro/ and Vite's cache go there); the
    // pages come from the template beside this program.
    root: options.root,
    srcDir: fileURLToPath(new URL('../src/', import.meta.url)),
    publicDir: fileURLToPath(new URL('../public/', import.meta.url)),
    configFile: false,
    logLevel: options.verbose ? 'info' : 'warn',
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
