import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexSite, normaliseBase } from '../../scripts/commands/build.ts';

describe('indexSite', () => {
  it('indexes case pages and writes the Pagefind bundle', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'failcat-index-'));
    await mkdir(path.join(out, 'cases/FC-0001'), { recursive: true });
    await writeFile(
      path.join(out, 'cases/FC-0001/index.html'),
      '<html lang="en"><body><main data-pagefind-body><h1>Night fraud</h1><p>A case body.</p></main></body></html>',
    );
    expect(await indexSite(out)).toBe(1);
    expect(await readdir(path.join(out, 'pagefind'))).toContain('pagefind.js');
  });

  it('fails when there is nothing to index, so a site without search is never published', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'failcat-index-empty-'));
    await expect(indexSite(out)).rejects.toThrow(/Pagefind could not index the pages .*the build failed/);
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
