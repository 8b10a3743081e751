/**
 * Loaded with `node --import` into a benchmarked process: on exit, prints the process's
 * peak resident set size and CPU time to stderr. `resourceUsage()` is getrusage(RUSAGE_SELF),
 * so it covers worker threads too, and needs no external tool. CPU time matters on a
 * shared machine, where wall time depends on what else runs.
 *
 * Plain JavaScript on purpose: loaded before the command turns on Node's compile cache, a
 * TypeScript hook would start the type stripper in every measured process and weigh on
 * the figure it is there to take. Worker threads inherit `--import`; only the main
 * thread reports.
 */
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.once('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
    const line = `\nfailcat-bench max-rss-kib=${usage.maxRSS} cpu-ms=${cpuMs}\n`;
    // To a file when asked: a process that exits with a full stderr pipe (ajv-cli, one line
    // per invalid file) would lose a line written there.
    if (process.env.FAILCAT_BENCH_REPORT) writeFileSync(process.env.FAILCAT_BENCH_REPORT, line);
    else process.stderr.write(line);
  });
}
