#!/usr/bin/env node
/** The `failcat` command line: one entry point, a subcommand per job. */
import { buildCommand } from './commands/build.ts';
import { exportCommand } from './commands/export.ts';
import { newCommand } from './commands/new.ts';
import { serveCommand } from './commands/serve.ts';
import { statsCommand } from './commands/stats.ts';
import { validateCommand } from './commands/validate.ts';
import { UsageError, type Command } from './lib/cli.ts';

const COMMANDS: Command[] = [
  newCommand,
  validateCommand,
  statsCommand,
  buildCommand,
  serveCommand,
  exportCommand,
];

const USAGE = `Usage: failcat <command> [options]

A Git-native catalog of ML and AI failures.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`failcat <command> --help\` for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`failcat: unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`failcat ${name}: ${error.message}\nRun \`failcat ${name} --help\` for usage.\n`);
      return 2;
    }
    process.stderr.write(`failcat ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
