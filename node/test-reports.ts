/**
 * The PR's test reports for the risk check: JUnit XML files or globs (a list separated by
 * commas or new lines), each file streamed through core's JUnitReader. A pattern that
 * matches nothing or a file that cannot be read is a finding, never an exception.
 */
import { createReadStream } from 'node:fs';
import { glob, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../core/model/findings.ts';
import { JUnitReader, type TestReports } from '../core/risk/junit.ts';

const GLOB = /[*?[\]{}]/;

/** The patterns of a `--test-results` value or `test-results` input: split on commas and new lines. */
export function splitPatterns(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(/[,\n]/))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function problem(file: string, message: string, hint: string): Finding {
  return { file, line: 1, column: 1, rule: 'test-report', severity: 'error', message, hint };
}

const HINT =
  'Write the JUnit report before the check runs (pytest --junitxml=FILE, jest-junit, vitest --reporter=junit --outputFile=FILE) and point --test-results or the test-results input at it.';

/** Reads every report the patterns name, relative to `cwd`. */
export async function readTestReports(
  patterns: readonly string[],
  cwd = process.cwd(),
): Promise<TestReports> {
  const files = new Set<string>();
  const findings: Finding[] = [];
  for (const pattern of splitPatterns(patterns)) {
    const found: string[] = [];
    if (GLOB.test(pattern)) {
      for await (const f of glob(pattern, { cwd })) found.push(f);
    } else if (
      await stat(path.resolve(cwd, pattern)).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      found.push(pattern);
    if (found.length === 0)
      findings.push(
        problem(
          pattern,
          `No test report matches \`${pattern}\`: no regression test could be checked against it.`,
          HINT,
        ),
      );
    for (const f of found.sort()) files.add(f.split(path.sep).join('/'));
  }
  const cases = [];
  for (const file of files) {
    const reader = new JUnitReader(file);
    try {
      let first = true;
      for await (const chunk of createReadStream(path.resolve(cwd, file), { encoding: 'utf8' })) {
        reader.write(first ? (chunk as string).replace(/^\uFEFF/, '') : (chunk as string));
        first = false;
      }
    } catch (error) {
      findings.push(problem(file, `Could not read the test report: ${(error as Error).message}.`, HINT));
      continue;
    }
    const { cases: read, finding } = reader.end();
    if (finding) findings.push(finding);
    cases.push(...read);
  }
  return { files: [...files], cases, findings };
}
