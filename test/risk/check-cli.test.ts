import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { exportCatalog } from '../../core/publish/export.ts';
import { fsReader } from '../../node/fs-reader.ts';
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
    expect(json).toMatchObject({ level: 'high', score: 30.11 });
    expect((json.matches as { id: string }[]).map((m) => m.id)).toEqual([
      'FC-0001',
      'FC-0003',
      'FC-0002',
      'FC-0005',
    ]);
    expect(json.required).toContainEqual(
      expect.objectContaining({ check: 'shadow-deploy', status: 'done', cases: ['FC-0003'] }),
    );
    expect(json.regression_tests).toHaveLength(3);
  });

  it('reads changed paths from standard input and honours --fail-on', () => {
    // A list written by `find` or by hand (./, //) matches as git's own spelling does.
    for (const changed of ['deploy/prod.yaml\n', './deploy//prod.yaml\r\n']) {
      const r = check([...BASE, '--changed', '-', '--fail-on', 'critical', '--format', 'json'], changed);
      expect(r.code).toBe(0);
      const { matches } = JSON.parse(r.stdout) as { matches: { id: string; reasons: string[] }[] };
      expect(matches.find((m) => m.id === 'FC-0003')?.reasons).toContain(
        'changed path `deploy/prod.yaml` matches safeguard glob `deploy/**` (`shadow-deploy`)',
      );
    }
    const without = check([...BASE, '--format', 'json', '--fail-on', 'critical']);
    expect(
      (JSON.parse(without.stdout) as { matches: { id: string }[] }).matches.map((m) => m.id),
    ).not.toContain('FC-0003');
  });

  it('gives the same result from the cache and from a fresh parse', () => {
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
    const first = run();
    expect(
      readFileSync(path.join(cacheDir, 'node_modules/.cache/failcat', readdir(cacheDir)), 'utf8'),
    ).toContain('FC-0001');
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

  it('reads a published api/cases.json', async () => {
    const catalog = await validateCatalog(FIXTURE_CATALOG, fsReader, { keepRecords: true });
    const { taxonomy, policy, checklist } = catalog.config;
    const doc = JSON.stringify(
      exportCatalog(
        { taxonomy: taxonomy!, policy: policy!, checklist: checklist! },
        catalog.cases,
        'internal',
      ),
    );
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/api/cases.json' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url === '/api/cases.json' ? doc : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = (u: string) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          // Asynchronous spawn: the server answers from this same process.
          import('node:child_process').then(({ execFile }) =>
            execFile(
              process.execPath,
              [
                'bin/failcat.js',
                'check',
                '--catalog',
                u,
                '--deploy',
                `${FIX}/deploy.yml`,
                '--format',
                'json',
                '--today',
                '2026-01-01',
              ],
              (error, stdout, stderr) =>
                resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
            ),
          );
        });
      const ok = await run(`${url}/api/cases.json`);
      expect((JSON.parse(ok.stdout) as { matches: unknown[] }).matches).toHaveLength(3);
      const notFound = await run(`${url}/nope.json`);
      expect(notFound.code).toBe(1);
      expect(notFound.stderr).toContain('Could not read the catalog export');
      expect(notFound.stderr).toContain('HTTP 404');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

function readdir(dir: string): string {
  return readdirSync(path.join(dir, 'node_modules/.cache/failcat'))[0]!;
}
