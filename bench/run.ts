/**
 * `npm run bench`: generates the synthetic catalogs once (bench/out/, gitignored), then
 * runs every benchmark script in bench/ against them and prints a summary table.
 *
 * Interface of a benchmark script `bench/<name>.ts` (validate, check, site, ...): it takes
 * `--catalog DIR` once per catalog, prints what it likes, and prints each result as one
 * JSON line on stdout with a `bench` key (see BenchRow in bench/lib.ts). Figures only:
 * nothing here passes or fails on time.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ownCatalog, ROOT, type BenchRow } from './lib.ts';

const SIZES = [1000, 10_000, 100_000];
/** Files in bench/ that are not benchmarks. */
const NOT_BENCHMARKS = new Set(['run.ts', 'generate.ts', 'corpora.ts', 'lib.ts']);

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    only: { type: 'string', multiple: true },
  },
});
const sizes = values.sizes ? values.sizes.split(',').map(Number) : SIZES;

const catalogs = sizes.map((size) => path.relative(ROOT, ownCatalog(size)));

const scripts = readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.ts') && !NOT_BENCHMARKS.has(f))
  .filter((f) => !values.only || values.only.includes(f.replace(/\.ts$/, '')))
  .sort();
const rows: BenchRow[] = [];
for (const script of scripts) {
  console.log(`\n# bench/${script}`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const args = [path.join('bench', script), ...argsFor(script)];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) collect(line);
    });
    child.once('error', reject);
    child.once('close', (exit) => {
      if (pending) collect(pending);
      resolve(exit);
    });
  });
  if (code !== 0) console.log(`bench/${script} exited with code ${code}; its figures may be missing.`);
}

/**
 * The arguments of a benchmark: validate reads the generated catalogs; check and site
 * generate the shapes they need themselves and take the sizes (the site build at 100,000
 * cases only on request, `--sizes` with 100000 and `--only site`).
 */
function argsFor(script: string): string[] {
  if (script === 'check.ts') return ['--sizes', sizes.join(',')];
  // The writers' corpora at 10,000 cases (or the largest size asked below that).
  if (script === 'writers.ts')
    return ['--cases', String(Math.max(...sizes.filter((n) => n <= 10_000), 1000))];
  if (script === 'site.ts') {
    const siteSizes = values.only?.includes('site') ? sizes : sizes.filter((n) => n <= 10_000);
    return ['--sizes', siteSizes.join(',')];
  }
  return catalogs.flatMap((c) => ['--catalog', c]);
}

function collect(line: string): void {
  if (line.startsWith('{')) {
    try {
      const row = JSON.parse(line) as BenchRow;
      if (typeof row.bench === 'string') {
        rows.push(row);
        return;
      }
    } catch {
      // Not a result row: print it like any other line.
    }
  }
  console.log(line);
}

const header = [
  'bench',
  'catalog',
  'cases',
  'runs',
  'median wall',
  'median CPU',
  'stolen',
  'peak RSS',
  'target',
  'note',
];
const table = rows.map((r) => [
  r.bench,
  r.catalog,
  r.cases.toLocaleString('en'),
  String(r.runs),
  `${(r.median_ms / 1000).toFixed(2)} s`,
  r.median_cpu_ms == null ? 'n/a' : `${(r.median_cpu_ms / 1000).toFixed(2)} s`,
  r.median_stolen_ms == null ? 'n/a' : `${(r.median_stolen_ms / 1000).toFixed(2)} s`,
  r.peak_rss_mib === null ? 'n/a' : `${r.peak_rss_mib} MiB`,
  r.target ?? '',
  r.note ?? '',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const format = (row: string[]) =>
  row
    .map((cell, i) => cell.padEnd(widths[i]!))
    .join('  ')
    .trimEnd();
console.log(
  `\nSummary (Node ${process.versions.node}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})`,
);
console.log(format(header));
console.log(format(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(format(row));
