/** `failcat build` from any folder into any output folder, and what a failed build leaves. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildSite, buildWorkRoot } from '../../site/build/build-site.ts';
import { FIXTURE, ROOT } from './helpers.ts';

const run = promisify(execFile);

describe('failcat build outside the checkout', () => {
  it('builds from a git repository elsewhere into a folder named public, leaving nothing in the current folder', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'failcat-build-cwd-'));
    await run('git', ['init', '-q'], { cwd });
    const outParent = await mkdtemp(path.join(tmpdir(), 'failcat-build-public-'));
    const { stdout } = await run(
      process.execPath,
      [
        path.join(ROOT, 'bin/failcat.js'),
        'build',
        '--catalog',
        FIXTURE,
        '--out',
        path.join(outParent, 'public'),
      ],
      { cwd, env: { ...process.env, FAILCAT_TODAY: '2025-09-01' } },
    );
    expect(stdout).toMatch(/Pagefind indexed \d+ cases/);
    expect(await readdir(cwd)).toEqual(['.git']);
    expect(await readdir(outParent)).toEqual(['public']);
    const out = path.join(outParent, 'public');
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain('<html');
    expect(await readdir(path.join(out, 'pagefind'))).toContain('pagefind.js');
    expect((await readdir(out)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('stops when Astro fails, with the reason, and leaves the previous site as it was', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'failcat-build-failed-')), 'dist');
    await mkdir(out);
    await writeFile(path.join(out, 'index.html'), 'the previous site');
    // An invalid site URL (the CLI refuses it first) makes Astro's configuration fail.
    await expect(buildSite({ catalog: FIXTURE, out, site: 'not a url' })).rejects.toThrow(
      /The Astro build failed/,
    );
    expect(await readdir(out)).toEqual(['index.html']);
    expect(await readdir(path.dirname(out))).toEqual(['dist']);
    const work = await readdir(buildWorkRoot()).catch(() => []);
    expect(work.filter((f) => f.startsWith('build-'))).toEqual([]);
  });

  it('refuses an output folder that holds the catalog', async () => {
    await expect(buildSite({ catalog: FIXTURE, out: path.dirname(FIXTURE) })).rejects.toThrow(
      /holds the catalog/,
    );
  });
});
