/**
 * Files of one JSON value a line, for the large intermediate files a build hands from one
 * process to another: written and read a value at a time, so neither side ever holds the
 * whole file as one string (at 100,000 cases the site's records are 350 MB of JSON).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes `lineOf` of each of `values` to `file`, one JSON line each, waiting whenever the
 * stream asks: a line is made only when it is written, so the lines are never all held.
 */
export async function writeJsonLines<T>(
  file: string,
  values: Iterable<T>,
  lineOf: (value: T) => unknown = (value) => value,
): Promise<void> {
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  for (const value of values) {
    // JSON.stringify escapes LF inside strings, the only line end the reader splits at.
    if (!out.write(JSON.stringify(lineOf(value)) + '\n')) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

/** The values of a file written by writeJsonLines, one at a time. */
export async function* readJsonLines<T>(file: string): AsyncGenerator<T> {
  // Split at LF only: readline also ends lines at CR, U+2028 and U+2029, which
  // JSON.stringify leaves as they are inside strings.
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line) yield JSON.parse(line) as T;
  }
  if (rest) yield JSON.parse(rest) as T;
}
