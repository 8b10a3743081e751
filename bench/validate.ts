/**
 * Benchmark of `failcat validate` as a whole process: for each catalog, spawns
 * `node bin/failcat.js validate --catalog DIR --format json` (what `npx failcat` runs) a few times and prints
 * the median wall time, CPU time and CPU stolen by the hypervisor meanwhile, and the child's
 * peak memory. Prints figures; asserts nothing.
 *
 *   node bench/validate.ts --catalog bench/out/catalog-10000 [--catalog ...] [--runs 3]
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { medianOf, measure, printRow, ROOT } from './lib.ts';

const TARGETS: Record<number, string> = {
  10_000: '<= 1500 ms, < 1536 MiB',
  100_000: '<= 12000 ms, < 1536 MiB',
};

const { values } = parseArgs({
  options: { catalog: { type: 'string', multiple: true }, runs: { type: 'string' } },
});
const catalogs = values.catalog ?? [1000, 10_000, 100_000].map((n) => `bench/out/catalog-${n}`);
const cli = path.join(ROOT, 'bin', 'failcat.js');

for (const catalog of catalogs) {
  const cases = readdirSync(path.resolve(ROOT, catalog, 'cases')).length;
  // One run at 100,000 cases: it is the slow one, and the figure is stable at that size.
  const runs = Number(values.runs ?? (cases >= 50_000 ? 1 : 3));
  const times: number[] = [];
  const cpu: number[] = [];
  const stolen: number[] = [];
  let peak = 0;
  let report: { errors: number; warnings: number; cases: number } | undefined;
  for (let i = 0; i < runs; i++) {
    const run = await measure(cli, ['validate', '--catalog', catalog, '--format', 'json']);
    if (run.code !== 0 && run.code !== 1) {
      throw new Error(`failcat validate exited with ${run.code} on ${catalog}:\n${run.stderr}`);
    }
    report = JSON.parse(run.stdout);
    times.push(run.ms);
    if (run.cpuMs !== undefined) cpu.push(run.cpuMs);
    stolen.push(run.stolenMs);
    peak = Math.max(peak, run.maxRssKib ?? 0);
    process.stderr.write(
      `  validate ${catalog} run ${i + 1}/${runs}: ${run.ms.toFixed(0)} ms wall, ${run.cpuMs ?? '?'} ms CPU, ${run.stolenMs} ms stolen, ${((run.maxRssKib ?? 0) / 1024).toFixed(0)} MiB\n`,
    );
  }
  printRow({
    bench: 'validate',
    catalog,
    cases,
    runs,
    median_ms: Math.round(medianOf(times)),
    peak_rss_mib: peak ? Math.round(peak / 1024) : null,
    median_cpu_ms: cpu.length ? Math.round(medianOf(cpu)) : null,
    median_stolen_ms: Math.round(medianOf(stolen)),
    target: TARGETS[cases],
    note: report ? `${report.cases} cases, ${report.errors} errors, ${report.warnings} warnings` : undefined,
  });
}
