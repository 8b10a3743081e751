/**
 * Compiles the CLI for the npm package (`npm pack` runs it as `prepack`): every TypeScript
 * module of scripts/, core/, node/ and site/ becomes JavaScript in dist/, in the same
 * layout, because Node does not strip types from files under node_modules. Imports stay
 * separate modules: a relative import of a compiled module points at its .js file, any
 * other file (JSON Schemas, the site template) at its place in the package, and so do the
 * `new URL('…', import.meta.url)` paths of worker scripts, child programs and the site root.
 */
import { build, type Plugin } from 'esbuild';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the compiled output folder. */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
/** Folders whose TypeScript modules are compiled. site/src is compiled only for the modules the build program imports; Astro compiles the template itself. */
const COMPILED = ['scripts', 'core', 'node', 'site/build', 'site/src'];

/** Whether a source file is compiled into dist/. */
function isCompiled(file: string): boolean {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  return /\.ts$/.test(rel) && !rel.endsWith('.d.ts') && COMPILED.some((dir) => rel.startsWith(`${dir}/`));
}

/** Where a file is found in the package: compiled modules in dist/, every other file where it is. */
function packagedPath(file: string): string {
  return isCompiled(file) ? path.join(DIST, path.relative(ROOT, file)).replace(/\.ts$/, '.js') : file;
}

/** A relative specifier from the compiled `importer` to the packaged `target`. */
function specifier(importer: string, target: string): string {
  const rel = path
    .relative(path.dirname(packagedPath(importer)), packagedPath(target))
    .split(path.sep)
    .join('/');
  const spec = rel.startsWith('.') ? rel : `./${rel}`;
  return target.endsWith(path.sep) || target.endsWith('/') ? `${spec}/` : spec;
}

/** Every import stays external; relative ones are pointed at their packaged place. */
const externalImports: Plugin = {
  name: 'failcat-external-imports',
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.startsWith('.')) return { path: args.path, external: true };
      return { path: specifier(args.importer, path.resolve(args.resolveDir, args.path)), external: true };
    });
  },
};

/** The TypeScript modules to compile. */
async function sources(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of COMPILED) {
    for (const entry of await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && isCompiled(file)) files.push(file);
    }
  }
  return files.sort();
}

/** `new URL('./x.ts', import.meta.url)` in a compiled module, pointed at the packaged file. */
function rewriteUrls(source: string, text: string): string {
  return text.replace(
    /new URL\(\s*(["'])(\.{1,2}\/[^"']*)\1,\s*import\.meta\.url\s*\)/g,
    (_, quote: string, rel: string) => {
      const target = path.resolve(path.dirname(source), rel) + (rel.endsWith('/') ? path.sep : '');
      return `new URL(${quote}${specifier(source, target)}${quote}, import.meta.url)`;
    },
  );
}

/** Compiles every module into dist/ (emptied first); returns the number of modules. */
export async function buildPackage(): Promise<number> {
  const entryPoints = await sources();
  const result = await build({
    entryPoints,
    outbase: ROOT,
    outdir: DIST,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    plugins: [externalImports],
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  await rm(DIST, { recursive: true, force: true });
  for (const output of result.outputFiles) {
    const source = path.join(ROOT, path.relative(DIST, output.path)).replace(/\.js$/, '.ts');
    await mkdir(path.dirname(output.path), { recursive: true });
    await writeFile(output.path, rewriteUrls(source, output.text));
  }
  return entryPoints.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = await buildPackage();
  process.stdout.write(`Compiled ${count} modules into ${path.relative(process.cwd(), DIST) || '.'}/.\n`);
}
