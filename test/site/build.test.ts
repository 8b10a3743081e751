import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseBase } from '../../site/build/build-site.ts';
import { searchBundles } from '../../core/publish/search-index.ts';
import { indexRecords } from '../../site/build/search-index.ts';

describe('indexRecords', () => {
  it('indexes search records and writes the Pagefind bundle with their filters', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'failcat-index-')), 'pagefind');
    const pages = await indexRecords(
      [
        {
          url: '/cases/FC-0001/',
          content: 'Night fraud. A case body.',
          language: 'en',
          meta: { title: 'FC-0001: Night fraud', date: '2025-01-02' },
          filters: { severity: ['SEV2'], status: ['resolved'], mode: [], layer: [], model: [], source: [] },
        },
      ],
      out,
    );
    expect(pages).toBe(1);
    const files = await readdir(out, { recursive: true });
    expect(files).toContain('pagefind.js');
    expect(files.some((f) => f.startsWith('filter/'))).toBe(true);
    const entry = JSON.parse(await readFile(path.join(out, 'pagefind-entry.json'), 'utf8'));
    expect(entry.languages.en.page_count).toBe(1);
  });

  it('fails when there is nothing to index, so a site without search is never published', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'failcat-index-empty-')), 'pagefind');
    await expect(indexRecords([], out)).rejects.toThrow(
      /Pagefind could not index the cases .*the build failed/,
    );
  });
});

describe('normaliseBase', () => {
  it('gives / or a path with both slashes', () => {
    expect(normaliseBase('')).toBe('/');
    expect(normaliseBase('/')).toBe('/');
    expect(normaliseBase('failcat')).toBe('/failcat/');
    expect(normaliseBase('//org/failcat//')).toBe('/org/failcat/');
  });
});

describe('searchBundles', () => {
  it('gives one bundle up to the shard size and one more for each further shard', () => {
    expect(searchBundles(0, 5)).toEqual(['pagefind/']);
    expect(searchBundles(5, 5)).toEqual(['pagefind/']);
    expect(searchBundles(6, 5)).toEqual(['pagefind/', 'pagefind/shards/1/']);
    expect(searchBundles(11, 5)).toEqual(['pagefind/', 'pagefind/shards/1/', 'pagefind/shards/2/']);
  });
});
