/**
 * Loaded with `node --import` into a benchmarked process: on exit, prints the process's
 * peak resident set size to stderr. `resourceUsage().maxRSS` is getrusage(RUSAGE_SELF),
 * so it covers worker threads too, and needs no external tool.
 */
process.once('exit', () => {
  process.stderr.write(`\nfailcat-bench max-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
