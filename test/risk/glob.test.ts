import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../core/risk/assess.ts';
import { matchCase, type RiskCaseData } from '../../core/risk/match.ts';
import { compileGlob } from '../../core/risk/glob.ts';

describe('safeguard globs', () => {
  it('match as picomatch does on the globs catalogs write', () => {
    const names = [
      'fraud-*',
      'customer_*',
      '*hour*_utc',
      'local_hour*',
      's3://bucket/*',
      'm?del',
      '[a-c]*',
      '[^x]*',
      '{churn,fraud}-*',
      'a\\*b',
    ];
    const nameValues = [
      'fraud-detector',
      'Fraud-X',
      'customer_activity_daily',
      'local_hour_utc',
      's3://bucket/t/x',
      'model',
      'bert',
      'xgb',
      'churn-xgb',
      'a*b',
      'ab',
      '',
    ];
    for (const p of names) {
      const expected = picomatch(p, { dot: true, bash: true, nocase: true });
      const actual = compileGlob(p, false);
      for (const v of nameValues) expect([p, v, actual(v)]).toEqual([p, v, expected(v)]);
    }
    const paths = [
      'deploy/**',
      '**/x.py',
      'a/**/b',
      'src/*.py',
      'a/*',
      '**',
      'a/**',
      '*.py',
      'tests/**/test_*.py',
      'a**b',
      'src/{a,b}/*.ts',
    ];
    const pathValues = [
      'deploy',
      'deploy/prod.yaml',
      'deploy/a/b',
      'x.py',
      'a/x.py',
      'a/b',
      'a/c/b',
      'src/m.py',
      'src/a/m.py',
      'a/',
      '.x.py',
      'tests/u/v/test_w.py',
      'a/xb',
      'axb',
      'src/a/x.ts',
      'src/c/x.ts',
    ];
    for (const p of paths) {
      const expected = picomatch(p, { dot: true });
      const actual = compileGlob(p, true);
      for (const v of pathValues) expect([p, v, actual(v)]).toEqual([p, v, expected(v)]);
    }
    // `[!x]` is a negated class, as in POSIX (picomatch reads the `!` as negating the glob).
    expect(['bert', 'xgb'].map(compileGlob('[!x]*', false))).toEqual([true, false]);
  });

  it('match a crafted value in steps proportional to its length, not exponentially', () => {
    // A 100,000-character feature: as a regular expression `*_*_*_*_x` backtracks for hours.
    const long = 'a_'.repeat(50_000);
    const data: RiskCaseData = {
      id: 'FC-0001',
      title: 't',
      severity: 'SEV1',
      status: 'investigating',
      occurred_at: '2026-01-01',
      safeguards: [
        { check: 'a', applies_to: { features: ['*_*_*_*_x', '*hour*_utc'] } },
        { check: 'b', applies_to: { paths: ['*a*a*a*a*a*x', '**/*a*a*a*x'] } },
      ],
    };
    expect(
      matchCase(data, {
        manifest: { model: 'm', features: [long, `${long}hour_utc`] },
        changedPaths: [long],
      }),
    ).toEqual({
      reasons: [
        { kind: 'feature', value: `${long}hour_utc`, pattern: '*hour*_utc', via: 'safeguard', check: 'a' },
      ],
      checks: ['a'],
      strength: 'weak',
    });
  });
});

describe('the manifest schema', () => {
  it('caps the length of the values the globs match', () => {
    const long = `features: ['${'x'.repeat(1500)}']\nmodel: m\n`;
    const { manifest, findings } = readManifest('deploy.yml', new TextEncoder().encode(long));
    expect(manifest).toBeUndefined();
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[1, 'schema']]);
    expect(findings[0]!.message).toMatch(/500/);
  });
});
