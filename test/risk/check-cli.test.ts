import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { exportCatalog } from '../../core/publish/export.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { cacheFileFor, DEFAULT_CACHE_DIR } from '../../node/risk-cache.ts';
import { startGitHubServer } from '../../tools/github-stand-in.ts';
import { makeTarball } from '../../tools/tar.ts';
import { FIXTURE_CATALOG } from './helpers.ts';

const FIX = 'test/fixtures/risk';

function check(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['bin/failcat.js', 'check', '--today', '2026-01-01', ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The check-result schema, compiled with ajv as a tool reading the JSON would. */
function resultValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  for (const name of ['policy', 'check-result'])
    ajv.addSchema(JSON.parse(readFileSync(`schemas/${name}.schema.json`, 'utf8')) as object);
  return ajv.getSchema('https://failcat.dev/schemas/check-result.schema.json')!;
}

const BASE = [
  '--catalog',
  FIXTURE_CATALOG,
  '--deploy',
  `${FIX}/deploy.yml`,
  '--pr-body',
  `${FIX}/pr-body.md`,
];

describe('failcat check', () => {
  it('prints the documented JSON and exits 1 at the fail-on level', () => {
    const r = check([...BASE, '--changed', `${FIX}/changed.txt`, '--format', 'json', '--no-cache']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ outcome: 'failed', level: 'high', score: 28.91 });
    expect((json.matches as { id: string }[]).map((m) => m.id)).toEqual([
      'FC-0001',
      'FC-0003',
      'FC-0005',
      'FC-0002',
    ]);
    expect(json.required).toContainEqual(
      expect.objectContaining({ item: 'shadow-deploy', status: 'done', cases: ['FC-0003'] }),
    );
    expect(json.regression_tests).toHaveLength(3);
  });

  it('prints JSON that its schema documents, in one casing, with the same steps as the text', () => {
    const validate = resultValidator();
    const json = check([...BASE, '--changed', `${FIX}/changed.txt`, '--format', 'json']);
    const text = check([...BASE, '--changed', `${FIX}/changed.txt`]);
    const result = JSON.parse(json.stdout) as { next_steps: { text: string }[] };
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    const keys = JSON.stringify(result).match(/"[A-Za-z_]+":/g) ?? [];
    expect(keys.filter((k) => /[A-Z]/.test(k))).toEqual([]);
    expect(result.next_steps.length).toBeGreaterThan(0);
    for (const step of result.next_steps) expect(text.stdout).toContain(step.text);
    const invalid = check([
      '--catalog',
      FIXTURE_CATALOG,
      '--deploy',
      `${FIX}/deploy-invalid.yml`,
      '--format',
      'json',
    ]);
    expect(validate(JSON.parse(invalid.stdout)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reports only the errors of an invalid manifest', () => {
    const args = [
      '--catalog',
      FIXTURE_CATALOG,
      '--deploy',
      `${FIX}/deploy-invalid.yml`,
      '--changed',
      `${FIX}/changed.txt`,
    ];
    const text = check(args);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toMatch(/Risk:|No known failures|Matched/);
    expect(text.stdout).toContain('Next steps:\n  1. Fix the deployment manifest');
    const json = JSON.parse(check([...args, '--format', 'json']).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      outcome: 'invalid',
      failed: true,
      failures: [{ kind: 'invalid-manifest' }],
    });
    expect(Object.keys(json).sort()).toEqual([
      'catalog',
      'failed',
      'failures',
      'findings',
      'next_steps',
      'outcome',
    ]);
    const md = check([...args, '--format', 'markdown']).stdout;
    expect(md).toMatch(/^### ❌ failcat risk check: the deployment manifest is invalid/);
    expect(md).not.toContain('Past failures');
  });

  it('reads changed paths from standard input and honours --fail-on', () => {
    // A list written by `find` or by hand (./, //) matches as git's own spelling does.
    for (const changed of ['deploy/prod.yaml\n', './deploy//prod.yaml\r\n']) {
      const r = check([...BASE, '--changed', '-', '--fail-on', 'critical', '--format', 'json'], changed);
      expect(r.code).toBe(0);
      const { matches } = JSON.parse(r.stdout) as { matches: { id: string; reasons: { text: string }[] }[] };
      expect(matches.find((m) => m.id === 'FC-0003')?.reasons.map((x) => x.text)).toContain(
        'changed path `deploy/prod.yaml` matches safeguard glob `deploy/**` (`shadow-deploy`)',
      );
    }
    const without = check([...BASE, '--format', 'json', '--fail-on', 'critical']);
    expect(
      (JSON.parse(without.stdout) as { matches: { id: string }[] }).matches.map((m) => m.id),
    ).not.toContain('FC-0003');
  });

  it('gives the same result from the cache and from a fresh parse, writing nothing where it runs', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'failcat-cwd-'));
    const run = () =>
      spawnSync(
        process.execPath,
        [
          path.resolve('bin/failcat.js'),
          'check',
          ...BASE.map((a) => (a.startsWith('-') ? a : path.resolve(a))),
          '--format',
          'json',
          '--today',
          '2026-01-01',
        ],
        {
          encoding: 'utf8',
          cwd: cacheDir,
        },
      ).stdout;
    rmSync(cacheFileFor(DEFAULT_CACHE_DIR, FIXTURE_CATALOG), { force: true });
    const first = run();
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(readFileSync(cacheFileFor(DEFAULT_CACHE_DIR, FIXTURE_CATALOG), 'utf8')).toContain('FC-0001');
    expect(run()).toBe(first);
  });

  it('renders Markdown', () => {
    const r = check([...BASE, '--format', 'markdown']);
    expect(r.stdout).toMatch(/^### 🟠 failcat risk check: \*\*high\*\*/);
  });

  it('reports a malformed manifest at its line and exits 1', () => {
    const r = check(['--catalog', FIXTURE_CATALOG, '--deploy', `${FIX}/deploy-invalid.yml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${FIX}/deploy-invalid.yml:4:18 error`);
  });

  it('explains usage errors and a catalog that is not there', () => {
    const bad = check(['--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of text, json, markdown; got "yaml".');
    const missing = check(['--catalog', 'no/such/dir']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The catalog no/such/dir has no valid policy.yaml and checklist.yaml');
  });

  it('reads a published api/cases.json, and refuses a broken one', async () => {
    const catalog = await validateCatalog(FIXTURE_CATALOG, fsReader, { keepRecords: true });
    const { taxonomy, policy, checklist } = catalog.config;
    const exported = exportCatalog(
      { taxonomy: taxonomy!, policy: policy!, checklist: checklist! },
      catalog.cases,
      'internal',
    );
    const doc = JSON.stringify(exported);
    // A policy that is not one: before, the check read it as no policy and passed at level none.
    const broken = JSON.stringify({ ...exported, config: { ...exported.config, policy: 'x' } });
    const server = createServer((req, res) => {
      const body =
        req.url === '/api/cases.json' ? doc : req.url === '/broken/api/cases.json' ? broken : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(body ?? '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = (u: string) =>
        checkAsync(['--catalog', u, '--deploy', `${FIX}/deploy.yml`, '--format', 'json']);
      const ok = await run(`${url}/api/cases.json`);
      expect((JSON.parse(ok.stdout) as { matches: unknown[] }).matches).toHaveLength(3);
      const notFound = await run(`${url}/nope.json`);
      expect(notFound.code).toBe(1);
      expect(notFound.stderr).toContain(
        `Could not read the catalog export ${url}/nope.json: HTTP 404 Not Found.`,
      );
      const refused = await run(`${url}/broken/api/cases.json`);
      expect([refused.code, refused.stdout]).toEqual([1, '']);
      expect(refused.stderr).toContain(
        `${url}/broken/api/cases.json is not a valid failcat catalog export (it does not match schemas/export.schema.json): \`config.policy\` must be a mapping, not string "x".`,
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reads a catalog repository through the GitHub API with GITHUB_TOKEN', async () => {
    const gh = await startGitHubServer();
    try {
      const files: Record<string, string> = {};
      for (const f of await fsReader.list(FIXTURE_CATALOG)) {
        files[`catalog/${f.slice(FIXTURE_CATALOG.length + 1)}`] = readFileSync(f, 'utf8');
      }
      gh.tarballs.set('acme/failures@v1', { data: makeTarball(files), token: 'pat' });
      const args = ['--catalog', 'acme/failures@v1', '--deploy', `${FIX}/deploy.yml`, '--format', 'json'];
      const env = { GITHUB_API_URL: gh.url, GITHUB_TOKEN: 'pat' };
      const ok = await checkAsync(args, env);
      expect(ok.stderr).toBe('');
      const matched = (out: string) =>
        (JSON.parse(out) as { matches: { file: string }[] }).matches.map((m) => m.file);
      const local = await checkAsync([...args.slice(2), '--catalog', FIXTURE_CATALOG, '--no-cache']);
      expect(matched(ok.stdout)).toEqual(
        matched(local.stdout).map((f) => f.replace(FIXTURE_CATALOG, 'catalog')),
      );
      expect(matched(ok.stdout)).toHaveLength(3);
      const denied = await checkAsync(args, { GITHUB_API_URL: gh.url, GITHUB_TOKEN: '' });
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain(
        'HTTP 404 Not Found. A private catalog repository needs a token that can read it: set GITHUB_TOKEN',
      );
    } finally {
      await gh.close();
    }
  });
});

/** The CLI in a child process without blocking this one, so a server here can answer it. */
function checkAsync(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/failcat.js', 'check', '--today', '2026-01-01', ...args],
      { env: { ...process.env, NO_COLOR: '1', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
