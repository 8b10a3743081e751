/**
 * Bundles the action into one ES module, action/dist/index.js, with every dependency and
 * the JSON Schemas inlined. `--check` rebuilds in memory and fails when the committed
 * bundle differs, as CI does.
 */
import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundle's path. */
export const DIST_FILE = fileURLToPath(new URL('./dist/index.js', import.meta.url));

/** The esbuild options; the test that compares dist uses the same. */
export const BUILD_OPTIONS: BuildOptions = {
  entryPoints: [fileURLToPath(new URL('./src/main.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  legalComments: 'none',
  // CommonJS dependencies (@actions/core, ajv) call require() on Node built-ins.
  banner: {
    js: "import { createRequire as __failcatRequire } from 'node:module';\nconst require = __failcatRequire(import.meta.url);",
  },
  write: false,
  logLevel: 'warning',
};

/** Builds the bundle in memory. */
export async function buildAction(): Promise<string> {
  const result = await build(BUILD_OPTIONS);
  return result.outputFiles![0]!.text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await buildAction();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(DIST_FILE, 'utf8');
    if (committed !== text) {
      process.stderr.write(
        'action/dist/index.js is out of date: run `npm run build:action` and commit the result.\n',
      );
      process.exitCode = 1;
    }
  } else {
    mkdirSync(new URL('./dist/', import.meta.url), { recursive: true });
    writeFileSync(DIST_FILE, text);
    writeFileSync(new URL('./dist/package.json', import.meta.url), '{ "type": "module" }\n');
    process.stdout.write(`Wrote ${DIST_FILE} (${(text.length / 1024).toFixed(0)} KiB).\n`);
  }
}
