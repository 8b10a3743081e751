/**
 * A site built from a generated catalog of 150 cases (many models, similar cases), page
 * by page against the site model of the same cases. Similar cases are found in the
 * build's loading process and handed to Astro's with the records
 * (site/src/loaders/catalog.ts prepareCatalog); models reach their pages as props.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/generate.ts';
import { buildSiteModel, findSimilarCases } from '../../core/publish/site-model.ts';
import { loadCatalog } from '../../site/src/loaders/catalog.ts';
import { buildSite } from './helpers.ts';

let catalog: string;
let out: string;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'failcat-similar-'));
  catalog = path.join(dir, 'catalog');
  out = path.join(dir, 'site');
  generateCatalog({ cases: 150, out: catalog, seed: 7 });
  const built = await buildSite(catalog, out, ['--repo-url', '']);
  expect(built.code, built.stderr).toBe(0);
});

/** The Similar list of a built case page: [id, percentage] in page order. */
async function similarOnPage(id: string): Promise<[string, number][]> {
  const html = await readFile(path.join(out, 'cases', id, 'index.html'), 'utf8');
  const list = /<h3>Similar<\/h3>\s*<ul class="case-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="[^"]*\/cases\/([^/"]+)\/">[\s\S]*?\((\d+)% similar\)/g)].map((m) => [
    m[1]!,
    Number(m[2]),
  ]);
}

describe('similar cases on the case pages', () => {
  it('lists on every case page the similar cases of the catalog, with their percentage', async () => {
    const loaded = await loadCatalog({ catalog, audience: undefined, repoUrl: '', editBranch: undefined });
    const expected = findSimilarCases(loaded.cases.map((c) => c.record.data));
    expect(expected.size).toBeGreaterThan(20);
    for (const c of loaded.cases) {
      const id = c.record.data.id;
      const related = new Set(c.record.data.related ?? []);
      const want = (expected.get(id) ?? [])
        .filter((s) => !related.has(s.id))
        .map((s): [string, number] => [s.id, Math.round(s.similarity * 100)]);
      expect(await similarOnPage(id), id).toEqual(want);
    }
  });
});

describe('model pages', () => {
  it('gives every model a page that lists its cases, and no other', async () => {
    const loaded = await loadCatalog({ catalog, audience: undefined, repoUrl: '', editBranch: undefined });
    const model = buildSiteModel(loaded.config, loaded.cases, '2025-09-01');
    expect(model.models.length).toBeGreaterThan(20);
    for (const m of model.models) {
      const html = await readFile(path.join(out, 'models', m.slug, 'index.html'), 'utf8');
      expect(html).toContain(`<h1>${m.name}</h1>`);
      const listed = [...html.matchAll(/<li><a href="[^"]*\/cases\/([^/"]+)\/">/g)].map((x) => x[1]);
      expect(listed, m.slug).toEqual(m.caseIds);
    }
  });
});
