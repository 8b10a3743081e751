/** Shared setup of the site tests: a fixture catalog in a temporary git repository, real builds, a static server, Chromium. */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The fixture catalog of the site tests. */
export const FIXTURE = path.join(ROOT, 'test/fixtures/site-catalog');

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Catalog Bot',
      GIT_AUTHOR_EMAIL: 'bot@example.org',
      GIT_COMMITTER_NAME: 'Catalog Bot',
      GIT_COMMITTER_EMAIL: 'bot@example.org',
    },
  });
  return stdout;
}

/**
 * Copies the fixture catalog into a fresh git repository with a history: a first commit,
 * a rename of FC-0004's file, and an edit of FC-0001, so history and rename-following show.
 */
export async function makeCatalogRepo(): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), 'failcat-site-repo-'));
  const catalog = path.join(repo, 'catalog');
  await cp(FIXTURE, catalog, { recursive: true });
  const finalName = 'FC-0004-eta-model-drift-after-fleet-change.yaml';
  await rename(path.join(catalog, 'cases', finalName), path.join(catalog, 'cases', 'FC-0004-draft.yaml'));
  await git(repo, 'init', '-q', '-b', 'main');
  await git(repo, 'remote', 'add', 'origin', 'git@github.com:example/failures.git');
  await git(repo, 'add', '.');
  await git(repo, 'commit', '-q', '-m', 'catalog: first cases');
  await git(repo, 'mv', 'catalog/cases/FC-0004-draft.yaml', `catalog/cases/${finalName}`);
  await git(repo, 'commit', '-q', '-m', 'catalog: name FC-0004 after its title');
  const fc1 = path.join(catalog, 'cases', 'FC-0001-fraud-model-declines-night-purchases.md');
  const text = await readFile(fc1, 'utf8');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(fc1, text.replace('Customer support', 'Customer support team'));
  await git(repo, 'commit', '-q', '-am', 'catalog: FC-0001 names the detecting team');
  return catalog;
}

/** Runs `failcat build` as a real process (extra arguments and environment); resolves with its exit code and output. */
export async function buildSite(
  catalog: string,
  out: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(ROOT, 'bin/failcat.js'), 'build', '--catalog', catalog, '--out', out, ...extra],
      { cwd: ROOT, env: { ...process.env, FAILCAT_TODAY: '2025-09-01', ...env }, maxBuffer: 1 << 26 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Every file below a folder, relative to it, with '/' separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

export { launchChromium } from '../../tools/chromium.ts';
