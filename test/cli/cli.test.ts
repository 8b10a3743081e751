/** The `failcat` command line as a process: every command, format and exit code. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  caseMarkdown,
  caseYaml,
  FIXTURE_CATALOG,
  makeCase,
  ROOT,
  makeTemp,
  removeTemp,
  writeCatalog,
} from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});
async function catalog(...args: Parameters<typeof writeCatalog>): Promise<string> {
  const dir = await writeCatalog(...args);
  temps.push(dir);
  return dir;
}

/** A catalog with one error (unknown failure mode, line 6) and one warning (blameless). */
async function brokenCatalog(): Promise<string> {
  const bad = caseYaml({
    id: 'FC-0001',
    title: 'Classifier flagged every invoice',
    summary: 'An unknown failure mode makes this case invalid.',
    status: 'draft',
    failure_modes: ['no-such-mode'],
    severity: 'SEV3',
    occurred_at: '2025-01-10',
  });
  const warned = caseMarkdown(
    makeCase({
      id: 'FC-0002',
      title: 'Threshold kept the staging value for a week',
      summary: 'A case whose only problem is wording in its body text.',
    }),
    '\n## Diagnosis\n\nIt was human error.\n',
  );
  return catalog({ 'FC-0001-flagged-invoices.yaml': bad, 'FC-0002-threshold.md': warned });
}

describe('failcat', () => {
  it('runs on Node 24', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('prints usage with --help (exit 0) and without a command (exit 2)', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['new', 'validate', 'stats'])
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage: failcat <command>');
  });

  it('rejects an unknown command with exit 2', async () => {
    const result = await runCli(['valdate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^failcat: unknown command "valdate"\./);
    expect(result.stdout).toBe('');
  });

  for (const name of ['validate', 'new', 'stats']) {
    it(`${name}: --help exits 0, an unknown flag exits 2`, async () => {
      const help = await runCli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: failcat ${name}`));
      const bad = await runCli([name, '--bogus', '--catalog', FIXTURE_CATALOG]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`failcat ${name}: Unknown option '--bogus'`);
      expect(bad.stderr).toContain(`Run \`failcat ${name} --help\` for usage.`);
    });
  }

  it('rejects an unknown --format with exit 2', async () => {
    const result = await runCli(['validate', '--catalog', FIXTURE_CATALOG, '--format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format must be one of text, json, github, sarif; got "xml".');
  });
});

describe('failcat validate', () => {
  it('passes the fixture catalog (exit 0) in every format', async () => {
    const text = await runCli(['validate', '--catalog', FIXTURE_CATALOG]);
    expect(text).toMatchObject({ code: 0, stdout: '✔ 3 files, 3 cases: 0 errors, 0 warnings\n' });
    const json = await runCli(['validate', '--catalog', FIXTURE_CATALOG, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: true,
      files: 3,
      cases: 3,
      errors: 0,
      warnings: 0,
      findings: [],
    });
    expect((await runCli(['validate', '--catalog', FIXTURE_CATALOG, '--format', 'github'])).stdout).toBe('');
    const sarif = JSON.parse(
      (await runCli(['validate', '--catalog', FIXTURE_CATALOG, '--format', 'sarif'])).stdout,
    );
    expect(sarif.runs[0].results).toEqual([]);
  });

  it('exits 1 on an error and reports it in every format with 1-based positions', async () => {
    const dir = await brokenCatalog();
    const json = await runCli(['validate', '--catalog', dir, '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(Object.keys(report)).toEqual(['ok', 'files', 'cases', 'errors', 'warnings', 'findings']);
    expect(report).toMatchObject({ ok: false, files: 2, cases: 2, errors: 1, warnings: 1 });
    const bad = `${dir}/cases/FC-0001-flagged-invoices.yaml`;
    const warned = `${dir}/cases/FC-0002-threshold.md`;
    const mdLines = (await readFile(warned, 'utf8')).split('\n');
    expect(report.findings.map(({ message: _m, hint: _h, ...at }: Record<string, unknown>) => at)).toEqual([
      { file: bad, line: 6, column: 5, rule: 'taxonomy-ref', severity: 'error' },
      {
        file: warned,
        line: mdLines.indexOf('It was human error.') + 1,
        column: 8,
        rule: 'blameless',
        severity: 'warning',
      },
    ]);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(['file', 'line', 'column', 'rule', 'severity', 'message', 'hint']);
      expect(f.message).not.toBe('');
      expect(f.hint).not.toBe('');
    }

    const text = await runCli(['validate', '--catalog', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `${bad}:6:5  error  Failure mode \`no-such-mode\` is not defined in taxonomy.yaml.  [taxonomy-ref]\n    hint: `,
    );
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 2 files, 2 cases: 1 error, 1 warning');

    const github = await runCli(['validate', '--catalog', dir, '--format', 'github']);
    expect(github.code).toBe(1);
    const lines = github.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^::error file=${bad.replace(/[.]/g, '\\.')},line=6,col=5,title=failcat taxonomy-ref::`),
    );
    expect(lines[1]).toMatch(
      /^::warning file=.*FC-0002-threshold\.md,line=\d+,col=8,title=failcat blameless::/,
    );

    const sarif = await runCli(['validate', '--catalog', dir, '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    const results = JSON.parse(sarif.stdout).runs[0].results;
    expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['taxonomy-ref', 'error'],
      ['blameless', 'warning'],
    ]);
    expect(results[0].locations[0].physicalLocation.region).toEqual({ startLine: 6, startColumn: 5 });
  });

  it('exits 0 when there are only warnings', async () => {
    const dir = await brokenCatalog();
    const result = await runCli([
      'validate',
      `${dir}/cases/FC-0002-threshold.md`,
      '--catalog',
      dir,
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, files: 1, cases: 1, errors: 0, warnings: 1 });
  });

  it('checks a single file or a folder against the whole catalog', async () => {
    const dir = await brokenCatalog();
    const extra = await makeTemp('failcat-extra-');
    temps.push(extra);
    // A case outside the catalog that reuses an id already in it.
    await writeFile(
      `${extra}/FC-0002-copy.yaml`,
      caseYaml(
        makeCase({
          id: 'FC-0002',
          title: 'Recommendation carousel showed sold-out items',
          summary: 'An inventory join lagged by a day and sold-out items stayed on the carousel.',
        }),
      ),
    );
    await writeFile(`${extra}/notes.txt`, 'not a case');
    const one = await runCli([
      'validate',
      `${extra}/FC-0002-copy.yaml`,
      '--catalog',
      dir,
      '--format',
      'json',
    ]);
    const folder = await runCli(['validate', extra, '--catalog', dir, '--format', 'json']);
    for (const result of [one, folder]) {
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({ files: 1, cases: 1, errors: 1, warnings: 0 });
      expect(report.findings).toMatchObject([
        { file: `${extra}/FC-0002-copy.yaml`, line: 1, column: 5, rule: 'unique-id' },
      ]);
    }
  });

  it('takes a catalog case named any way for the case the catalog holds', async () => {
    const dir = await makeTemp('failcat-paths-');
    temps.push(dir);
    await cp(FIXTURE_CATALOG, path.join(dir, 'catalog'), { recursive: true });
    await writeFile(path.join(dir, 'catalog', 'cases', '_draft.md'), 'not yet a case');
    const cases = (await readdir(path.join(dir, 'catalog', 'cases'))).filter((f) => !f.startsWith('_'));
    const one = cases[0]!;
    const runs: [string[], number][] = [
      [['catalog'], cases.length],
      [['catalog/cases/'], cases.length],
      [['./catalog/cases'], cases.length],
      [[path.join(dir, 'catalog', 'cases', one)], 1],
      [[`./catalog/cases/${one}`, '--catalog', './catalog'], 1],
    ];
    for (const [args, files] of runs) {
      const result = await runCli(['validate', ...args, '--format', 'json'], { cwd: dir });
      expect({ args, code: result.code, report: JSON.parse(result.stdout) }).toMatchObject({
        args,
        code: 0,
        report: { files, cases: files, errors: 0, warnings: 0 },
      });
    }
  });

  it('reports a path that does not exist as a usage error, not a crash', async () => {
    const result = await runCli([
      'validate',
      'no/such/case.yaml',
      '--catalog',
      FIXTURE_CATALOG,
      '--format',
      'json',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no/such/case.yaml: no such file or folder.');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing catalog as findings', async () => {
    const empty = await makeTemp();
    temps.push(empty);
    const result = await runCli(['validate', '--catalog', empty, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual([
      'config-missing',
      'config-missing',
      'config-missing',
    ]);
  });

  it('gives the same findings on worker threads as in-process', async () => {
    // 450 files passes the worker pool's threshold; one error hides in the middle.
    const files: Record<string, string> = {};
    const words = ['fraud', 'churn', 'ranker', 'triage', 'pricing', 'search', 'ads', 'eta', 'credit'];
    for (let i = 1; i <= 450; i++) {
      const id = `FC-${String(i).padStart(4, '0')}`;
      const title = `${words[i % 9]} model ${i} failure number ${i * 7} in region ${i % 13}`;
      const data = makeCase({
        id,
        title,
        summary: `Case ${i}: ${words[(i * 5) % 9]} ${i * 31} ${words[(i * 2) % 9]} ${i * 17} unique text ${i * i}.`,
      });
      files[`${id}-case.${i % 2 ? 'md' : 'yaml'}`] = i % 2 ? caseMarkdown(data) : caseYaml(data);
    }
    files['FC-0200-case.yaml'] = caseYaml(
      makeCase({
        id: 'FC-0200',
        title: 'Broken case in the middle of the catalog',
        summary: 'Its severity is not defined by the policy at all.',
        severity: 'SEV7',
      }),
    );
    const dir = await catalog(files);
    const viaWorkers = await runCli(['validate', '--catalog', dir, '--format', 'json']);
    const single = await runCli([
      'validate',
      ...Object.keys(files)
        .map((f) => `${dir}/cases/${f}`)
        .slice(0, 5),
      `${dir}/cases/FC-0200-case.yaml`,
      '--catalog',
      dir,
      '--format',
      'json',
    ]);
    expect(viaWorkers.code).toBe(1);
    const report = JSON.parse(viaWorkers.stdout);
    expect(report).toMatchObject({ files: 450, cases: 450, errors: 1 });
    expect(report.findings.filter((f: { rule: string }) => f.rule !== 'near-duplicate')).toEqual(
      JSON.parse(single.stdout).findings,
    );
  });
});

describe('failcat new', () => {
  for (const format of ['md', 'yaml'] as const) {
    it(`writes a ${format} draft with the next id that validates, and prints its path`, async () => {
      const dir = await catalog({ 'FC-0007-old.yaml': caseYaml(makeCase({ id: 'FC-0007' })) });
      const result = await runCli([
        'new',
        '--catalog',
        dir,
        '--title',
        'Search ranker ignored the pet policy filter',
        '--severity',
        'SEV1',
        '--model',
        'listing-ranker',
        '--format',
        format,
      ]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const file = `${dir}/cases/FC-0008-search-ranker-ignored-the-pet-policy-filter.${format}`;
      expect(result.stdout).toBe(`${file}\n`);
      const text = await readFile(file, 'utf8');
      expect(text).toContain('status: draft');
      expect(text).toContain('listing-ranker');
      const check = await runCli(['validate', file, '--catalog', dir, '--format', 'json']);
      expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, errors: 0, warnings: 0, cases: 1 });
    });
  }

  it('defaults to the least severe severity and Markdown', async () => {
    const dir = await catalog({});
    const result = await runCli(['new', '--catalog', dir, '--title', 'Model served stale features']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`${dir}/cases/FC-0001-model-served-stale-features.md`);
    expect(await readFile(result.stdout.trim(), 'utf8')).toContain('severity: SEV3');
  });

  it('never overwrites: an existing id moves on, a file in the way stops it', async () => {
    const dir = await catalog({});
    const title = 'Pricing model read cents as dollars';
    const taken = `${dir}/cases/FC-0001-pricing-model-read-cents-as-dollars.md`;
    await writeFile(taken, 'precious\n');
    const moved = await runCli(['new', '--catalog', dir, '--title', title]);
    expect(moved.code).toBe(0);
    expect(moved.stdout.trim()).toBe(`${dir}/cases/FC-0002-pricing-model-read-cents-as-dollars.md`);
    expect(await readFile(taken, 'utf8')).toBe('precious\n');

    // A symbolic link is listed (validation refuses to read it), so its id is taken too;
    // nothing is written through it.
    const outside = `${dir}/outside.txt`;
    await writeFile(outside, 'untouched\n');
    const link = `${dir}/cases/FC-0003-pricing-model-read-cents-as-dollars.md`;
    await symlink(outside, link);
    const next = await runCli(['new', '--catalog', dir, '--title', title]);
    expect(next.code).toBe(0);
    expect(next.stdout.trim()).toBe(`${dir}/cases/FC-0004-pricing-model-read-cents-as-dollars.md`);
    expect(await readFile(outside, 'utf8')).toBe('untouched\n');
    expect((await readdir(`${dir}/cases`)).sort()).toEqual([
      'FC-0001-pricing-model-read-cents-as-dollars.md',
      'FC-0002-pricing-model-read-cents-as-dollars.md',
      'FC-0003-pricing-model-read-cents-as-dollars.md',
      'FC-0004-pricing-model-read-cents-as-dollars.md',
    ]);
  });

  it('refuses a short title or an unknown severity with exit 2, writing nothing', async () => {
    const dir = await catalog({});
    const short = await runCli(['new', '--catalog', dir, '--title', 'Oops']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--title is required and must have at least 8 characters.');
    const severity = await runCli([
      'new',
      '--catalog',
      dir,
      '--title',
      'Long enough title',
      '--severity',
      'SEV9',
    ]);
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain('--severity must be one of SEV1, SEV2, SEV3; got "SEV9".');
    const none = await runCli(['new', '--catalog', dir]);
    expect(none.code).toBe(2);
    expect(await readdir(`${dir}/cases`)).toEqual([]);
  });

  it('exits 1 with a clear message when the catalog has no policy', async () => {
    const dir = await catalog({}, { omit: ['policy.yaml'] });
    const result = await runCli(['new', '--catalog', dir, '--title', 'Long enough title']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `failcat new: ${dir}/policy.yaml is missing or invalid; run \`failcat validate\` first.\n`,
    );
    expect(existsSync(`${dir}/cases/FC-0001-long-enough-title.md`)).toBe(false);
  });
});

describe('failcat stats', () => {
  it('prints the fixture catalog in figures, as JSON', async () => {
    const result = await runCli(['stats', '--catalog', FIXTURE_CATALOG, '--format', 'json']);
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout);
    expect(stats).toEqual({
      cases: 3,
      bySeverity: { SEV2: 1, SEV3: 2 },
      byStatus: { resolved: 1, mitigated: 1, draft: 1 },
      byFailureMode: { 'data-drift': 1, 'false-positive-spike': 1, 'corrupt-feature': 1 },
      byLayer: { data: 1, process: 1, 'feature-engineering': 1 },
      openActions: 1,
      overdueActions: 1,
      medianHoursToDetect: (6 + 40 / 60 + 24) / 2,
      medianHoursToResolve: 6 * 24 + 7 + 20 / 60,
      skipped: 0,
    });
  });

  it('prints text, and counts cases left out for errors', async () => {
    const dir = await brokenCatalog();
    const result = await runCli(['stats', '--catalog', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^1 case \(1 with errors left out: run failcat validate\)\n\nBy severity\n {2}SEV3 +1\n/,
    );
    expect(result.stdout).toContain('Corrective actions: 0 open, 0 overdue');
    expect(result.stdout).toContain('Median time to detect: 29.0 h');
  });
});

describe('the shipped catalog', () => {
  const shipped = path.resolve('catalog');
  it.skipIf(!existsSync(path.join(shipped, 'policy.yaml')))('validates with no finding', async () => {
    const result = await runCli(['validate', '--format', 'json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    expect(result.code).toBe(0);
  });
});

describe('an older Node.js', () => {
  // The system's Node.js on the machines failcat is developed and tested on is 20, older
  // than package.json's engines; elsewhere there may be no such Node.js to run.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((file) => existsSync(file));
  const version = systemNode
    ? execFileSync(systemNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
    : '';
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const old = version !== '' && (major < 22 || (major === 22 && minor < 12));

  it.skipIf(!old)('stops with a sentence that names the versions, not a stack trace', () => {
    const result = spawnSync(systemNode!, [path.join(ROOT, 'bin', 'failcat.js'), 'validate'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `failcat needs Node.js 22.12 or newer, and this is Node.js ${version}. ` +
        'Install a newer Node.js (failcat is developed on 24, see its .nvmrc) and run the command again.\n',
    );
  });
});
