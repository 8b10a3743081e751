/** Regression results from the PR's CI through `failcat check --test-results`. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../core/risk/result.ts';
import { FIXTURE_CATALOG } from './helpers.ts';

const FIX = 'test/fixtures/risk';
const REPORTS = `${FIX}/reports`;
const BASE = [
  '--catalog',
  FIXTURE_CATALOG,
  '--deploy',
  `${FIX}/deploy.yml`,
  '--pr-body',
  `${FIX}/pr-body.md`,
];

function check(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['bin/failcat.js', 'check', '--no-cache', '--today', '2026-01-01', ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[]): CheckResult {
  const r = check([...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as CheckResult;
}

const results = (r: CheckResult) =>
  Object.fromEntries((r.regression_tests ?? []).map((t) => [t.id, t.result]));

describe('--test-results', () => {
  it.each(['pytest', 'jest', 'vitest'])("reads %s's JUnit report: passed, failed and not run", (runner) => {
    const r = json([...BASE, '--test-results', `${REPORTS}/${runner}-junit.xml`]);
    expect(results(r)).toEqual({
      'night-slice-precision': 'passed',
      'null-rate-gate': 'failed',
      '`rm -rf` @team/all': 'not-run',
    });
    expect(r.regression_tests?.find((t) => t.id === 'null-rate-gate')?.reports).toEqual([
      `${REPORTS}/${runner}-junit.xml`,
    ]);
    expect(r.failures[0]).toEqual({
      kind: 'failed-test',
      test: 'null-rate-gate',
      text: 'Regression test `null-rate-gate` of FC-0002 failed.',
    });
    expect(r.next_steps[0]).toMatchObject({ action: 'fix-test', test: 'null-rate-gate' });
  });

  it('counts a test that did not run as a missing item of its case', () => {
    const without = json(BASE);
    const r = json([...BASE, '--test-results', `${REPORTS}/pytest-junit.xml`]);
    // FC-0005 is SEV4 (weight 1 of 10): its test that did not run adds 10 × 1/10.
    expect(r.regression_tests?.find((t) => t.result === 'not-run')?.points).toBe(1);
    expect(r.score_breakdown).toMatchObject({ tests: 1 });
    expect(r.score).toBe(Math.round((without.score! + 1) * 100) / 100);
    expect(r.next_steps).toContainEqual(
      expect.objectContaining({ action: 'run-test', text: expect.stringContaining('no test report has it') }),
    );
  });

  it('takes globs and comma-separated lists, and shows each result in text and Markdown', () => {
    const arg = `${REPORTS}/p*-junit.xml,${REPORTS}/vitest-junit.xml`;
    const text = check([...BASE, '--test-results', arg]);
    expect(text.stdout).toContain(
      'Regression tests:\n  passed: night-slice-precision (tests/slices/test_night.py): Precision on 02:00-05:00 transactions stays above 0.85. [FC-0001]',
    );
    expect(text.stdout).toContain('  failed: null-rate-gate:');
    const md = check([...BASE, '--test-results', arg, '--format', 'markdown']).stdout;
    expect(md).toContain('#### Regression tests in this PR’s test reports');
    expect(md).toContain('- ❌ failed `null-rate-gate`');
    expect(md).toContain('- ✅ passed `night-slice-precision`');
  });

  it('passes when every regression test passed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'failcat-junit-'));
    const file = path.join(dir, 'junit.xml');
    writeFileSync(
      file,
      '<testsuite name="x"><testcase classname="tests.slices.test_night" name="test_night_slice_precision"/>' +
        '<testcase classname="t" name="test_null_rate_gate"/><testcase classname="t" name="rm -rf @team/all"><skipped/></testcase></testsuite>',
    );
    const r = json([...BASE, '--test-results', file, '--fail-on', 'critical']);
    expect(results(r)).toEqual({
      'night-slice-precision': 'passed',
      'null-rate-gate': 'passed',
      '`rm -rf` @team/all': 'skipped',
    });
    expect(r).toMatchObject({ outcome: 'passed', failures: [] });
  });

  it('turns a malformed, foreign or missing report into a clear finding that fails the check', () => {
    const r = check([
      ...BASE,
      '--fail-on',
      'none',
      '--test-results',
      `${REPORTS}/truncated-junit.xml,${REPORTS}/coverage.xml,${REPORTS}/nope-*.xml`,
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as CheckResult;
    expect(result.findings.map((f) => [f.file, f.line, f.column, f.rule, f.severity, f.message])).toEqual([
      [
        `${REPORTS}/nope-*.xml`,
        1,
        1,
        'test-report',
        'error',
        expect.stringContaining('No test report matches'),
      ],
      [
        `${REPORTS}/truncated-junit.xml`,
        1,
        600,
        'test-report',
        'error',
        'The test report is not well-formed JUnit XML: unclosed tag: testsuite.',
      ],
      [
        `${REPORTS}/coverage.xml`,
        2,
        expect.any(Number),
        'test-report',
        'error',
        'The file is XML but not a JUnit report: its root element is <coverage>, not <testsuites> or <testsuite>.',
      ],
    ]);
    expect(result.failures.map((f) => f.kind)).toEqual(['test-report', 'test-report', 'test-report']);
    expect(result.outcome).toBe('failed');
  });
});
