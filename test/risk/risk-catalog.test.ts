/** Loading a catalog folder for the risk check: the parse cache and the worker threads. */
import { closeSync, cpSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../core/risk/assess.ts';
import { matchCase } from '../../core/risk/match.ts';
import { appendCacheEntries, readRiskBatch } from '../../node/pool/risk-batch.ts';
import { loadCatalog, type RiskLoadOptions } from '../../node/catalog-source.ts';
import { catalogThreads } from '../../node/pool/threads.ts';
import { makeTemp, removeTemp } from '../helpers/catalog.ts';
import { copyCases, FIXTURE_CATALOG } from './helpers.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

async function copyOfFixture(): Promise<string> {
  const dir = await makeTemp('failcat-risk-');
  temps.push(dir);
  cpSync(FIXTURE_CATALOG, path.join(dir, 'catalog'), { recursive: true });
  return path.join(dir, 'catalog');
}

/** A folder loaded for the risk check; `threads` above 1 uses the worker pool. */
function loadRiskFolder(
  dir: string,
  { threads, ...options }: Omit<RiskLoadOptions, 'purpose' | 'threads'> & { threads?: number } = {},
) {
  return loadCatalog(
    { kind: 'folder', dir },
    {
      purpose: 'risk',
      ...options,
      threads: threads === undefined || threads > 1 ? catalogThreads(threads) : undefined,
    },
  );
}

describe('loadCatalog for the risk check', () => {
  it('parses each file once, then again only when it changes', async () => {
    const catalog = await copyOfFixture();
    writeFileSync(path.join(catalog, 'cases', 'FC-0999-broken.yaml'), 'id: [broken\n');
    const cacheDir = path.join(catalog, '..', 'cache');
    const first = await loadRiskFolder(catalog, { cacheDir });
    const files = first.stats.files;
    expect(first.stats).toEqual({ files, parsed: files, cached: 0 });
    expect([first.caseCount, first.invalid]).toEqual([files - 1, 1]);
    const second = await loadRiskFolder(catalog, { cacheDir });
    expect(second.stats).toEqual({ files, parsed: 0, cached: files });
    expect(second.cases).toEqual(first.cases);
    expect([second.caseCount, second.invalid]).toEqual([files - 1, 1]);

    const name = readdirSync(path.join(catalog, 'cases')).find((f) => f.endsWith('.yaml'))!;
    const file = path.join(catalog, 'cases', name);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^title: .*$/m, 'title: A title changed after the first check'));
    const third = await loadRiskFolder(catalog, { cacheDir });
    expect(third.stats).toEqual({ files, parsed: 1, cached: files - 1 });
    expect([third.caseCount, third.invalid]).toEqual([files - 1, 1]);
    expect(third.cases.find((c) => c.file.endsWith(name))?.data.title).toBe(
      'A title changed after the first check',
    );
  });

  it('reads the same cases on worker threads as on one', async () => {
    const catalog = await copyOfFixture();
    const one = await loadRiskFolder(catalog, { threads: 1 });
    // Enough copies of the fixture cases to pass the threshold for workers.
    const cases = path.join(catalog, 'cases');
    writeFileSync(path.join(cases, 'FC-0999-broken.yaml'), 'id: [broken\n');
    copyCases(catalog, 2100);
    const single = await loadRiskFolder(catalog, { threads: 1 });
    const cacheDir = path.join(catalog, '..', 'cache');
    const pooled = await loadRiskFolder(catalog, { threads: 2, cacheDir });
    expect(pooled.cases).toEqual(single.cases);
    // Both threads appended their entries to the cache: a second load parses nothing.
    const again = await loadRiskFolder(catalog, { threads: 2, cacheDir });
    expect(again.stats.cached).toBe(again.stats.files);
    expect(again.cases).toEqual(single.cases);
    expect([again.caseCount, again.invalid]).toEqual([single.caseCount, single.invalid]);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(pooled.cases.length).toBeGreaterThan(one.cases.length * 100);
    expect([pooled.caseCount, pooled.invalid]).toEqual([single.caseCount, single.invalid]);
    expect(pooled.invalid).toBeGreaterThan(300);
    // The worker threads filter by the deployment as this thread does.
    const deployment = {
      manifest: readManifest('deploy.yml', readFileSync('test/fixtures/risk/deploy.yml')).manifest,
      changedPaths: [],
    };
    const filtered = await loadRiskFolder(catalog, { threads: 2, deployment });
    expect(filtered.cases).toEqual(single.cases.filter((c) => matchCase(c.data, deployment)));
    expect(filtered.caseCount).toBe(single.cases.length);
  });

  it('keeps only the cases that can match a given deployment, and caches them all', async () => {
    const catalog = await copyOfFixture();
    const cacheDir = path.join(catalog, '..', 'cache');
    const deployment = {
      manifest: readManifest('deploy.yml', readFileSync('test/fixtures/risk/deploy.yml')).manifest,
      changedPaths: [],
    };
    const all = await loadRiskFolder(catalog, { threads: 1 });
    const kept = await loadRiskFolder(catalog, { threads: 1, cacheDir, deployment });
    expect(kept.caseCount).toBe(all.cases.length);
    expect(kept.cases.length).toBeGreaterThan(0);
    expect(kept.cases.length).toBeLessThan(all.cases.length);
    expect(kept.cases).toEqual(all.cases.filter((c) => matchCase(c.data, deployment)));
    const cached = await loadRiskFolder(catalog, { threads: 1, cacheDir });
    expect(cached.stats.cached).toBe(cached.stats.files);
    expect(cached.cases).toEqual(all.cases);
  });

  it('still checks when the cache cannot be written, and leaves no partial cache behind', async () => {
    const catalog = await copyOfFixture();
    const all = await loadRiskFolder(catalog, { threads: 1 });
    // A cache folder that is a file: nothing can be created in it.
    const notADir = path.join(catalog, '..', 'cache');
    writeFileSync(notADir, 'not a folder');
    const blocked = await loadRiskFolder(catalog, { threads: 1, cacheDir: notADir });
    expect(blocked.cases).toEqual(all.cases);
    expect(readFileSync(notADir, 'utf8')).toBe('not a folder');
    // A cache file whose appends fail (the disk is full): the batch says so.
    const full = openSync('/dev/full', 'w');
    try {
      expect(appendCacheEntries(full, ['"a.yaml":null'])).toBe(false);
      const files = readdirSync(path.join(catalog, 'cases')).map((f) => path.join(catalog, 'cases', f));
      const batch = readRiskBatch(files, { cacheFd: full });
      expect(batch).toMatchObject({ cached: false, valid: all.cases.length });
      expect(appendCacheEntries(full, [])).toBe(true);
    } finally {
      closeSync(full);
    }
  });
});
