/**
 * The site's settings reach the loader and the pages as the failcat integration's options
 * (the `virtual:failcat/settings` module), never through the environment; the site's build
 * program takes its options as JSON.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { AstroIntegration } from 'astro';
import { describe, expect, it } from 'vitest';
import { failcatSite, resolveSettings, SETTINGS_MODULE } from '../../site/build/integration.ts';
import { ROOT } from './helpers.ts';

const run = promisify(execFile);
const SITE = path.join(ROOT, 'site');
const rootUrl = pathToFileURL(`${SITE}/`);
const cacheUrl = pathToFileURL(`${SITE}/node_modules/.astro/`);

/** The `virtual:failcat/settings` module the integration serves, parsed. */
function settingsModule(integration: AstroIntegration): unknown {
  let plugins: { resolveId(id: string): string | undefined; load(id: string): string | undefined }[] = [];
  const setup = integration.hooks['astro:config:setup'] as (options: unknown) => void;
  setup({
    config: { root: rootUrl, cacheDir: cacheUrl },
    updateConfig: (update: { vite: { plugins: typeof plugins } }) => (plugins = update.vite.plugins),
  });
  const id = plugins[0]!.resolveId(SETTINGS_MODULE)!;
  expect(plugins[0]!.resolveId('virtual:other')).toBeUndefined();
  return JSON.parse(/^export default (.*);$/s.exec(plugins[0]!.load(id)!)![1]!);
}

describe('the failcat integration', () => {
  it('defaults to the catalog beside the site, loaded by the content loader itself', () => {
    const settings = resolveSettings({}, rootUrl, cacheUrl);
    expect(settings).toEqual({
      catalog: path.join(ROOT, 'catalog').split(path.sep).join('/'),
      audience: undefined,
      repoUrl: undefined,
      editBranch: undefined,
      today: new Date().toISOString().slice(0, 10),
      listPageSize: 50,
      facetTop: 10,
      searchShardSize: 5000,
      catalogFrom: 'folder',
      dataFile: path.join(SITE, 'node_modules/.astro/failcat-catalog.json'),
    });
  });

  it('gives the loader and the pages the options it was created with', () => {
    const options = {
      catalog: '/srv/catalog',
      audience: 'public',
      repoUrl: '',
      editBranch: 'trunk',
      today: '2025-09-01',
      listPageSize: 2,
      facetTop: 3,
      searchShardSize: 2,
      catalogFrom: 'parent',
    } as const;
    expect(settingsModule(failcatSite(options))).toEqual({
      ...options,
      catalog: path.resolve('/srv/catalog').split(path.sep).join('/'),
      dataFile: path.join(SITE, 'node_modules/.astro/failcat-catalog.json'),
    });
  });
});

describe('astro build run by hand in site/', () => {
  it('builds the catalog beside the site with the defaults, whatever FAILCAT_* variables say', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'failcat-astro-by-hand-'));
    await run(
      process.execPath,
      [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out],
      {
        cwd: SITE,
        env: {
          ...process.env,
          ASTRO_TELEMETRY_DISABLED: '1',
          // What `failcat build` once passed through the environment: now ignored.
          FAILCAT_CATALOG: '/nonexistent',
          FAILCAT_BASE: '/elsewhere/',
          FAILCAT_AUDIENCE: 'public',
          FAILCAT_PREPARED_CATALOG: '1',
        },
        maxBuffer: 1 << 26,
      },
    );
    const cases = (await readdir(path.join(ROOT, 'catalog/cases'))).length;
    const pages = (await readdir(path.join(out, 'cases'))).filter((e) => e.startsWith('FC-'));
    expect(pages).toHaveLength(cases);
    const home = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(home).toContain('href="/cases/"');
    expect(home).not.toContain('(public build)');
  }, 180_000);
});

describe('the site build program', () => {
  it('says how it takes its options when they are not JSON, and exits 1', async () => {
    const result = await run(process.execPath, [path.join(SITE, 'build/main.ts'), '--catalog=catalog']).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('takes its options as JSON in its first argument');
  });
});
