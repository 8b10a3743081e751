/**
 * The one catalog loader: sources named on the command line, a published export read
 * against its schema (failing closed), and a repository through the GitHub API.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCatalog, type CatalogExport } from '../../core/publish/export.ts';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { readManifest } from '../../core/risk/assess.ts';
import { fsReader } from '../../node/fs-reader.ts';
import {
  describeCatalogSource,
  loadCatalog,
  parseCatalogSource,
  type CatalogSource,
} from '../../node/catalog-source.ts';
import { startGitHubServer, type GitHubServer } from '../../tools/github-stand-in.ts';
import { makeTarball } from '../../tools/tar.ts';
import { FIXTURE_CATALOG as SITE_FIXTURE } from '../helpers/catalog.ts';
import { FIXTURE_CATALOG } from '../risk/helpers.ts';

describe('parseCatalogSource', () => {
  it('tells a URL, a repository and a folder apart', () => {
    expect(parseCatalogSource('https://acme.github.io/failures/api/cases.json')).toEqual({
      kind: 'url',
      url: 'https://acme.github.io/failures/api/cases.json',
    });
    expect(parseCatalogSource('acme/failures')).toEqual({
      kind: 'repository',
      owner: 'acme',
      repo: 'failures',
      path: 'catalog',
    });
    expect(parseCatalogSource('acme/failures@release/v2:ml/catalog/')).toEqual({
      kind: 'repository',
      owner: 'acme',
      repo: 'failures',
      ref: 'release/v2',
      path: 'ml/catalog/',
    });
    // A folder that exists wins over the repository it could also name, unless prefixed.
    expect(parseCatalogSource('test/fixtures')).toEqual({ kind: 'folder', dir: 'test/fixtures' });
    expect(parseCatalogSource('github:test/fixtures')).toMatchObject({ kind: 'repository', owner: 'test' });
    expect(parseCatalogSource('catalog')).toEqual({ kind: 'folder', dir: 'catalog' });
    expect(parseCatalogSource('/abs/catalog')).toEqual({ kind: 'folder', dir: '/abs/catalog' });
    expect(parseCatalogSource('a/b/c')).toEqual({ kind: 'folder', dir: 'a/b/c' });
    expect(parseCatalogSource('acme/failures', { repositories: false })).toEqual({
      kind: 'folder',
      dir: 'acme/failures',
    });
  });

  it('describes a source as a person would write it', () => {
    const label = (text: string) => describeCatalogSource(parseCatalogSource(text));
    expect(label('acme/failures')).toBe('acme/failures');
    expect(label('acme/failures@v2:ml')).toBe('acme/failures@v2:ml');
    expect(label('catalog')).toBe('catalog');
  });
});

/** The fixture catalog as a published export document. */
async function fixtureExport(audience: 'public' | 'internal' = 'internal'): Promise<CatalogExport> {
  const result = await validateCatalog(FIXTURE_CATALOG, fsReader, { keepRecords: true });
  return exportCatalog(result.config as CatalogExport['config'], result.cases, audience);
}

describe('a published export', () => {
  let server: Server;
  let base = '';
  const bodies = new Map<string, { type?: string; body: string | Buffer; encoding?: string }>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const doc = bodies.get(req.url!);
      if (!doc) return void res.writeHead(404).end();
      res.writeHead(200, {
        'content-type': doc.type ?? 'application/json',
        ...(doc.encoding ? { 'content-encoding': doc.encoding } : {}),
      });
      res.end(doc.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const load = (path: string) =>
    loadCatalog({ kind: 'url', url: `${base}${path}` }, { purpose: 'risk', limits: { retryDelayMs: 10 } });
  const refusal = (path: string) =>
    load(path).then(
      () => 'loaded',
      (error: Error) => error.message,
    );

  it('reads the cases and configuration it publishes, gzipped or not', async () => {
    const doc = await fixtureExport();
    bodies.set('/api/cases.json', { body: JSON.stringify(doc) });
    bodies.set('/gz/api/cases.json', { body: gzipSync(JSON.stringify(doc)), encoding: 'gzip' });
    const folder = await loadCatalog({ kind: 'folder', dir: FIXTURE_CATALOG }, { purpose: 'risk' });
    for (const path of ['/api/cases.json', '/gz/api/cases.json']) {
      const catalog = await load(path);
      expect(catalog.label).toBe(`${base}${path}`);
      expect(catalog.config).toEqual(folder.config);
      expect(catalog.cases.map((c) => c.data)).toEqual(folder.cases.map((c) => c.data));
      expect([catalog.caseCount, catalog.invalid]).toEqual([folder.caseCount, 0]);
    }
  });

  it('refuses what is not JSON, and JSON that is not a valid export, naming the URL', async () => {
    bodies.set('/html', { type: 'text/html', body: '<!doctype html><title>Not found</title>' });
    expect(await refusal('/html')).toMatch(
      new RegExp(`^The catalog export ${base}/html is not JSON \\(Unexpected token .*\\)\\. Check the URL`),
    );
    const doc = (await fixtureExport()) as CatalogExport & Record<string, unknown>;
    (doc.config as Record<string, unknown>).policy = 'x';
    bodies.set('/bad/api/cases.json', { body: JSON.stringify(doc) });
    expect(await refusal('/bad/api/cases.json')).toBe(
      `${base}/bad/api/cases.json is not a valid failcat catalog export (it does not match schemas/export.schema.json): \`config.policy\` must be a mapping, not string "x". Republish it with a failcat site build or \`failcat export\` from a catalog that validates.`,
    );
    expect(await refusal('/missing.json')).toBe(
      `Could not read the catalog export ${base}/missing.json: HTTP 404 Not Found. Check the URL (it ends in api/cases.json) and that the site is published.`,
    );
  });

  it('is for the risk check only', async () => {
    const source: CatalogSource = { kind: 'url', url: `${base}/api/cases.json` };
    await expect(loadCatalog(source, { purpose: 'validate' })).rejects.toThrow(
      /is a published catalog export, which the risk check can read; to validate or publish, name the catalog's folder or repository/,
    );
  });
});

describe('a folder for a site', () => {
  const folder: CatalogSource = { kind: 'folder', dir: SITE_FIXTURE };

  it("gives the cases as the audience may see them, by default the policy's", async () => {
    const raw = await loadCatalog(folder, { purpose: 'site' });
    expect(raw.audience).toBeUndefined();
    const shown = await loadCatalog(folder, { purpose: 'site', audience: 'public' });
    expect(shown.audience).toBe('public');
    expect(shown.cases.map((c) => c.data.id)).toEqual(['FC-0001']);
    expect(raw.cases.map((c) => c.data.id)).toEqual(['FC-0001', 'FC-0002', 'FC-0003']);
    const byPolicy = await loadCatalog(folder, { purpose: 'site', audience: 'policy' });
    expect(byPolicy.audience).toBe('internal');
    expect(byPolicy.cases).toEqual(raw.cases);
  });
});

describe('a repository', () => {
  let gh: GitHubServer;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    gh = await startGitHubServer();
    for (const f of await fsReader.list(FIXTURE_CATALOG)) {
      files[`failures/${f.slice(FIXTURE_CATALOG.length + 1)}`] = readFileSync(f, 'utf8');
    }
    gh.tarballs.set('acme/catalog@main', { data: makeTarball(files), token: 'secret' });
  });
  afterAll(() => gh.close());

  const source: CatalogSource = {
    kind: 'repository',
    owner: 'acme',
    repo: 'catalog',
    ref: 'main',
    path: 'failures',
  };
  const github = (token?: string) => ({ token, apiUrl: gh.url, tokenHint: 'pass one' });

  it('reads the catalog folder of a tarball, for every purpose, with the token', async () => {
    const deployment = {
      manifest: readManifest('deploy.yml', readFileSync('test/fixtures/risk/deploy.yml')).manifest,
    };
    const folder = await loadCatalog(
      { kind: 'folder', dir: FIXTURE_CATALOG },
      { purpose: 'risk', deployment },
    );
    const risk = await loadCatalog(source, { purpose: 'risk', github: github('secret'), deployment });
    expect(risk.label).toBe('acme/catalog@main:failures');
    expect(risk.cases.map((c) => c.data)).toEqual(folder.cases.map((c) => c.data));
    expect(risk.cases[0]!.file).toMatch(/^failures\/cases\//);
    expect([risk.caseCount, risk.invalid]).toEqual([folder.caseCount, folder.invalid]);
    expect(gh.log.at(-1)).toMatchObject({
      path: '/repos/acme/catalog/tarball/main',
      authorization: 'Bearer secret',
    });

    const validated = await loadCatalog(source, { purpose: 'validate', github: github('secret') });
    const local = await validateCatalog(FIXTURE_CATALOG, fsReader, { keepRecords: true });
    expect(validated.caseCount).toBe(local.caseCount);
    expect(validated.findings.map((f) => f.rule)).toEqual(local.findings.map((f) => f.rule));
    const site = await loadCatalog(source, { purpose: 'site', github: github('secret') });
    expect(site.cases.map((c) => c.data)).toEqual(local.cases.map((c) => c.data));
  });

  it('says what a repository it cannot read needs', async () => {
    const denied = await loadCatalog(source, { purpose: 'risk', github: github('wrong') }).catch(
      (e: Error) => e,
    );
    expect((denied as Error).message).toBe(
      `Could not download acme/catalog@main:failures (${gh.url}/repos/acme/catalog/tarball/main): HTTP 404 Not Found. A private catalog repository needs a token that can read it: pass one.`,
    );
  });

  it('stops unpacking a tarball at the size cap', async () => {
    gh.tarballs.set('acme/bomb@main', { data: makeTarball({ 'catalog/policy.yaml': ' '.repeat(8 << 20) }) });
    const bomb: CatalogSource = {
      kind: 'repository',
      owner: 'acme',
      repo: 'bomb',
      ref: 'main',
      path: 'catalog',
    };
    const error = await loadCatalog(bomb, {
      purpose: 'risk',
      github: github(),
      limits: { maxBytes: 1 << 20 },
    }).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `Could not read acme/bomb@main (${gh.url}/repos/acme/bomb/tarball/main): The catalog tarball could not be unpacked: it unpacks to more than the 1 MiB limit.`,
    );
  });
});
