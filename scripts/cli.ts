/** Shared plumbing of the `failcat` commands: argument parsing and usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how a command was called: reported with the usage, exit code 2. */
export class UsageError extends Error {}

/** A failcat subcommand (its name and summary are listed in scripts/failcat.ts). */
export interface Command {
  /** Full --help text. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's arguments strictly; unknown flags become a UsageError. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, '.'), {
      cause: error,
    });
  }
}

/** Checks that an option's value is one of the allowed ones. */
export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${value}".`);
  }
  return value as T;
}

/** Whether standard output is a terminal that shows colour. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
