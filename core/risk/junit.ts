/**
 * JUnit XML test reports, as pytest (--junitxml), Jest (jest-junit), Vitest (--reporter=junit)
 * and most runners write them, read as a stream with saxes: the check keeps one small
 * record per test case, never the document. Which regression test a test case is, and
 * what its outcome means for the check, is decided here too, purely.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Finding } from '../model/findings.ts';

/** A regression test's outcome in the PR's test reports. */
export type TestOutcome = 'passed' | 'failed' | 'skipped' | 'not-run';

/** One test case of a report. */
export interface JUnitCase {
  name: string;
  classname: string;
  /** The file attribute of the test case or of its suite (Vitest, pytest's xunit1, jest-junit with addFileAttribute). */
  file?: string;
  /** The names of the enclosing test suites, outermost first. */
  suites: string[];
  outcome: 'passed' | 'failed' | 'skipped';
  /** The report it came from. */
  report: string;
}

/** What the reports given to a check say. */
export interface TestReports {
  /** The report files read. */
  files: string[];
  cases: JUnitCase[];
  /** Reports that could not be read, or patterns that matched none. */
  findings: Finding[];
}

/** Most test cases kept from one report; a report with more is cut with a warning. */
const MAX_CASES = 200_000;

/** A streaming reader of one JUnit report: write its text in chunks, then close. */
export class JUnitReader {
  readonly cases: JUnitCase[] = [];
  private readonly parser: SaxesParser;
  private readonly suites: { name: string; file?: string }[] = [];
  private current: JUnitCase | undefined;
  private failure: Finding | undefined;
  private sawRoot = false;
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
    this.parser = new SaxesParser({ position: true });
    this.parser.on('error', (error) => {
      this.failure ??= this.finding(error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''));
    });
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', (tag) => this.close(tag));
  }

  private finding(message: string): Finding {
    return {
      file: this.file,
      line: Math.max(1, this.parser.line),
      column: Math.max(1, this.parser.column),
      rule: 'test-report',
      severity: 'error',
      message: `The test report is not well-formed JUnit XML: ${message}.`,
      hint: 'Point --test-results (or the test-results input) at the JUnit XML your test runner writes: pytest --junitxml, jest-junit, vitest --reporter=junit.',
    };
  }

  private open(tag: SaxesTagPlain): void {
    if (this.failure) return;
    const attr = (name: string) => {
      const v = tag.attributes[name];
      return typeof v === 'string' ? v : undefined;
    };
    if (!this.sawRoot) {
      this.sawRoot = true;
      if (tag.name !== 'testsuites' && tag.name !== 'testsuite') {
        this.failure = {
          ...this.finding(''),
          message: `The file is XML but not a JUnit report: its root element is <${tag.name}>, not <testsuites> or <testsuite>.`,
        };
        return;
      }
    }
    if (tag.name === 'testsuite') {
      this.suites.push({ name: attr('name') ?? '', file: attr('file') ?? attr('filepath') });
    } else if (tag.name === 'testcase') {
      const suiteFile = [...this.suites].reverse().find((s) => s.file)?.file;
      const file = attr('file') ?? suiteFile;
      this.current = {
        name: attr('name') ?? '',
        classname: attr('classname') ?? '',
        ...(file ? { file } : {}),
        suites: this.suites.map((s) => s.name),
        outcome: 'passed',
        report: this.file,
      };
    } else if (this.current) {
      if (tag.name === 'failure' || tag.name === 'error') this.current.outcome = 'failed';
      else if (tag.name === 'skipped' && this.current.outcome !== 'failed') this.current.outcome = 'skipped';
    }
  }

  private close(tag: SaxesTagPlain): void {
    if (this.failure) return;
    if (tag.name === 'testsuite') this.suites.pop();
    else if (tag.name === 'testcase' && this.current) {
      if (this.cases.length < MAX_CASES) this.cases.push(this.current);
      this.current = undefined;
    }
  }

  /** Feeds the next chunk of the report's text. */
  write(chunk: string): void {
    if (this.failure) return;
    this.parser.write(chunk);
  }

  /** Ends the report: its test cases, or the finding that says why it cannot be read. */
  end(): { cases: JUnitCase[]; finding?: Finding } {
    if (!this.failure) {
      this.parser.close();
      if (!this.failure && !this.sawRoot) this.failure = this.finding('the file has no root element');
    }
    return this.failure ? { cases: [], finding: this.failure } : { cases: this.cases };
  }
}

/** Lower case, every run of other characters one `_`, so `night-slice-precision` is in `test_night_slice_precision`. */
function words(text: string): string {
  return `_${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')}_`;
}

/** Whether a test case lives at a regression test's path, as each runner names it. */
function atPath(c: JUnitCase, path: string): boolean {
  const clean = path.replace(/^\.\//, '');
  const dotted = clean.replace(/\.[a-z0-9]+$/i, '').replace(/\//g, '.');
  const ends = (v: string | undefined) => v !== undefined && (v === clean || v.endsWith(`/${clean}`));
  return (
    ends(c.file?.replace(/^\.\//, '')) ||
    ends(c.classname) ||
    c.classname === dotted ||
    c.classname.endsWith(`.${dotted}`) ||
    c.suites.some((s) => ends(s))
  );
}

/**
 * The test cases of a regression test: those at its path (when a report has any there)
 * whose name contains its id as words, else every test case at its path; otherwise those
 * anywhere whose name or class contains its id (another runner may name the file apart).
 */
export function casesOf(test: { id: string; path?: string }, cases: readonly JUnitCase[]): JUnitCase[] {
  const id = words(test.id);
  // An id of punctuation only names nothing.
  const named = (c: JUnitCase) =>
    (id !== '__' && words(c.name).includes(id)) || words(c.classname).includes(id);
  const here = test.path ? cases.filter((c) => atPath(c, test.path!)) : [];
  if (here.length > 0) {
    const byName = here.filter(named);
    return byName.length > 0 ? byName : here;
  }
  return cases.filter(named);
}

/** One outcome for several test cases: failed if any failed, passed if any passed, else skipped; not-run for none. */
export function outcomeOf(cases: readonly JUnitCase[]): TestOutcome {
  if (cases.length === 0) return 'not-run';
  if (cases.some((c) => c.outcome === 'failed')) return 'failed';
  if (cases.some((c) => c.outcome === 'passed')) return 'passed';
  return 'skipped';
}
