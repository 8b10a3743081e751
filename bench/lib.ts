/** Shared plumbing of the benchmark scripts: timing a whole child process and its peak memory. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCatalog } from './generate.ts';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The hook that makes a measured process report its peak RSS and CPU time (report-rss.mjs). */
export const RSS_HOOK = new URL('./report-rss.mjs', import.meta.url).href;

/** One measured run of a child process. */
export interface Measured {
  code: number | null;
  /** Wall time from spawn to exit, in milliseconds. */
  ms: number;
  /** Peak resident set size of the child (all its threads), in KiB; undefined if it did not report. */
  maxRssKib: number | undefined;
  /** User plus system CPU time of the child (all its threads), in milliseconds. */
  cpuMs: number | undefined;
  /** CPU time the hypervisor gave to other guests meanwhile, over all CPUs (see stealSeconds), in milliseconds. */
  stolenMs: number;
  stdout: string;
  stderr: string;
}

let measured = 0;

/** Runs `node [--import report-rss] script ...args` and measures it. */
export function measure(script: string, args: readonly string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const steal = stealSeconds();
    const report = path.join(tmpdir(), `failcat-bench-${process.pid}-${++measured}.txt`);
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', RSS_HOOK, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FAILCAT_BENCH_REPORT: report },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      const reported = existsSync(report) ? readFileSync(report, 'utf8') : '';
      rmSync(report, { force: true });
      const rss = /failcat-bench max-rss-kib=(\d+) cpu-ms=(\d+)/.exec(reported);
      resolve({
        code,
        ms,
        stolenMs: Math.round((stealSeconds() - steal) * 1000),
        maxRssKib: rss ? Number(rss[1]) : undefined,
        cpuMs: rss ? Number(rss[2]) : undefined,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: stderr.replace(/\n?failcat-bench max-rss-kib=\d+ cpu-ms=\d+\n/, ''),
      });
    });
  });
}

/**
 * CPU seconds the hypervisor gave to other guests (steal), summed over all CPUs, from
 * /proc/stat: on a shared virtual machine it shows how much of a wall-clock figure was
 * spent waiting for a physical core. 0 where there is no /proc/stat.
 */
export function stealSeconds(): number {
  if (!existsSync('/proc/stat')) return 0;
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  return Number(fields[8] ?? 0) / 100;
}

/** Median of a non-empty list. */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A result row: printed as one JSON line on stdout, which `bench/run.ts` collects for its table. */
export interface BenchRow {
  bench: string;
  catalog: string;
  cases: number;
  runs: number;
  /** Median wall time in milliseconds. */
  median_ms: number;
  /** Largest peak RSS over the runs, in MiB. */
  peak_rss_mib: number | null;
  /** Median CPU time (user + system, all threads), in milliseconds: steadier than wall time on a busy machine. */
  median_cpu_ms?: number | null;
  /** Median CPU time stolen by the hypervisor during a run, over all CPUs, in milliseconds. */
  median_stolen_ms?: number;
  /** Target, for example "<= 1500 ms"; reported, never asserted. */
  target?: string;
  note?: string;
}

/** Prints a result row for run.ts. */
export function printRow(row: BenchRow): void {
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

/** The name the folders of probeCreate start with. */
export const PROBE_PREFIX = '.probe-';

/**
 * Microseconds per folder to create 1,000 empty folders in a new folder `.probe-*` inside
 * `dir`, which stays: the caller removes the probes once its measurements are over, as
 * removing them at once would slow the next probe down (below). On a disk
 * where this is slow, a build that writes tens of thousands of pages pays the file system,
 * not its own work: on ext4 without a journal (this virtual machine's disk) every new file
 * or folder scans past each inode deleted in its block group in the last one to six
 * minutes (the kernel's `recently_deleted` check), which after a big deletion costs up to
 * 0.5 ms a file.
 */
export function probeCreate(dir: string): number {
  mkdirSync(dir, { recursive: true });
  const probe = mkdtempSync(path.join(dir, PROBE_PREFIX));
  const started = performance.now();
  for (let i = 0; i < 1000; i++) mkdirSync(path.join(probe, String(i)));
  return performance.now() - started; // ms for 1,000 folders = µs a folder
}

/** A number that changes when the text of any of the named files in bench/ changes. */
export function hashBenchFiles(names: readonly string[]): number {
  const text = names.map((f) => readFileSync(path.join(ROOT, 'bench', f), 'utf8')).join('');
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h >>> 0;
}

/**
 * Writes a generated folder once: `generate` (which returns the bytes it wrote) runs only
 * when the stamp `.generated.json` in `dir` does not hold `key`, what the folder is made
 * from (sizes, seed, a hash of the generators). Returns `dir`.
 */
export function generateOnce(
  dir: string,
  key: object,
  generate: () => number,
  report: (line: string) => void,
): string {
  const stamp = path.join(dir, '.generated.json');
  const wanted = JSON.stringify(key);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return dir;
  const started = performance.now();
  const bytes = generate();
  writeFileSync(stamp, wanted);
  const seconds = (performance.now() - started) / 1000;
  report(
    `generated ${path.relative(ROOT, dir)}: ${(bytes / 1024 / 1024).toFixed(0)} MiB in ${seconds.toFixed(1)} s`,
  );
  return dir;
}

/** The seed of the own generator's catalogs. */
export const OWN_SEED = 1;

/**
 * The own generator's catalog of `cases` cases (bench/generate.ts: half Markdown, half
 * YAML), `bench/out/catalog-N`: the catalog the validate, check and site benchmarks
 * measure, generated once per content of generate.ts.
 */
export function ownCatalog(cases: number, report: (line: string) => void = console.log): string {
  const dir = path.join(ROOT, 'bench', 'out', `catalog-${cases}`);
  return generateOnce(
    dir,
    { cases, seed: OWN_SEED, generator: hashBenchFiles(['generate.ts']) },
    () => generateCatalog({ cases, out: dir, seed: OWN_SEED }),
    report,
  );
}
