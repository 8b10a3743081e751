/**
 * The `failcat` command line: one entry point, a subcommand per job. Run it through
 * bin/failcat.js, which turns on Node's compile cache before this module loads.
 */
import { UsageError, type Command } from './cli.ts';
import { applyEnvironment } from '../node/environment.ts';
import { prestartWorkers, WORKER_SCRIPTS } from '../node/pool/pool.ts';

/**
 * The commands, each loaded only when it runs: a command then starts without the modules
 * of the others. `workers` is the worker script of a command that reads the catalog on
 * worker threads: those start before the command loads (node/pool/pool.ts, prestartWorkers).
 */
const COMMANDS: { name: string; summary: string; load: () => Promise<Command>; workers?: URL }[] = [
  {
    name: 'new',
    summary: 'Scaffold a draft case with the next free id',
    load: () => import('./commands/new.ts').then((m) => m.newCommand),
  },
  {
    name: 'validate',
    summary: 'Check cases: schema, severity rubric, required parts, references, secrets, wording',
    load: () => import('./commands/validate.ts').then((m) => m.validateCommand),
    workers: WORKER_SCRIPTS.validation,
  },
  {
    name: 'check',
    summary: 'Check a deployment against the catalog: matched failures, checklist, risk level',
    load: () => import('./commands/check.ts').then((m) => m.checkCommand),
    workers: WORKER_SCRIPTS.risk,
  },
  {
    name: 'evidence',
    summary: "Compute a case's evidence from a predictions file: confusion matrix, slices, hard examples",
    load: () => import('./commands/evidence.ts').then((m) => m.evidenceCommand),
  },
  {
    name: 'stats',
    summary: 'Counts by severity, status, failure mode and layer; actions; time to detect and resolve',
    load: () => import('./commands/stats.ts').then((m) => m.statsCommand),
  },
  {
    name: 'build',
    summary: 'Build the catalog site (Astro) and its search index (Pagefind)',
    load: () => import('./commands/build.ts').then((m) => m.buildCommand),
  },
  {
    name: 'serve',
    summary: 'Serve the built site on http://localhost:4321',
    load: () => import('./commands/serve.ts').then((m) => m.serveCommand),
  },
  {
    name: 'export',
    summary: "Write the catalog as JSON (the site's api/cases.json) for other tools",
    load: () => import('./commands/export.ts').then((m) => m.exportCommand),
  },
];

const USAGE = `Usage: failcat <command> [options]

A Git-native catalog of ML and AI failures.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`failcat <command> --help\` for a command's options.`;

// A reader that stops early (`failcat validate | head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

async function main(argv: string[]): Promise<number> {
  applyEnvironment();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`failcat: unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  if (entry.workers && !rest.some((a) => a === '--help' || a === '-h')) {
    prestartWorkers(entry.workers);
  }
  try {
    return await (await entry.load()).run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`failcat ${name}: ${error.message}\nRun \`failcat ${name} --help\` for usage.\n`);
      return 2;
    }
    // An unexpected failure: say what failed; the stack only on request, for bug reports.
    process.stderr.write(`failcat ${name}: ${(error as Error).message}\n`);
    if (process.env.FAILCAT_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    else process.stderr.write('Set FAILCAT_DEBUG=1 to see the stack trace when reporting a bug.\n');
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
