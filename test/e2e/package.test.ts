/**
 * The newcomer's run, as the README's "Start a catalog" and "Gate a model repository"
 * give it: the packed package installed into empty folders outside the checkout, then
 * `init`, `new`, `validate`, `build`, `serve`, `init --model-repo` and `check` against
 * the served site's api/cases.json, each through `npx failcat`. A functional test, not a
 * timed one: the step times are printed for the record, never asserted.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubServer } from '../../tools/github-stand-in.ts';
import { makeTarball } from '../../tools/tar.ts';
import { ROOT } from '../helpers/catalog.ts';

const run = promisify(execFile);
const VERSION = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

// This Node first on the PATH, so `npx failcat` runs the bin on the Node the tests run on.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
  NO_COLOR: '1',
  npm_config_update_notifier: 'false',
};
for (const name of Object.keys(env)) {
  // npm_* variables of the `npm test` that started vitest would steer the inner npm.
  if (/^npm_(?!config_update_notifier)/i.test(name)) delete env[name];
}

let work: string;
let tarball: string;
let server: ChildProcess | undefined;
const times: [step: string, seconds: number][] = [];

/** Runs a command in `cwd`, recording its time; rejects with its output on failure. */
async function step(name: string, cwd: string, command: string, args: string[]): Promise<string> {
  const started = performance.now();
  try {
    const { stdout } = await run(command, args, { cwd, env, maxBuffer: 1 << 26 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${name} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: error });
  } finally {
    times.push([name, (performance.now() - started) / 1000]);
  }
}

/** The catalog site the README's model repository checks against; the test serves its own. */
const README_SITE = 'https://acme.github.io/ml-failures/api/cases.json';

/** The commands of the README's ```sh block under `## heading`, split into words (comments left out). */
async function readmeCommands(heading: string): Promise<string[][]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean)
    .map((line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!));
}

/**
 * Runs a README command in `cwd` as written, but for the place of failcat (the packed
 * tarball, before it is on npm; the registry only for what the npm cache lacks) and the
 * catalog site (`site`, served by the test).
 */
function runReadme(cwd: string, command: string[], site?: string): Promise<string> {
  const [program, ...args] = command.map((arg) => (arg === README_SITE && site ? site : arg));
  if (program === 'npm') {
    const installArgs = args.map((arg) => (arg === 'failcat' ? tarball : arg));
    return step('install', cwd, 'npm', [...installArgs, '--prefer-offline', '--no-audit', '--no-fund']);
  }
  const name = args[1] === 'init' && args.includes('--model-repo') ? 'init --model-repo' : args[1]!;
  return step(name, cwd, program!, args);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'failcat-e2e-'));
  const packed = await step('npm pack', ROOT, 'npm', ['pack', '--pack-destination', work, '--silent']);
  tarball = path.join(work, packed.trim().split('\n').at(-1)!);
  expect(path.basename(tarball)).toBe(`failcat-${VERSION}.tgz`);
}, 180_000);

afterAll(async () => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  process.stdout.write(
    `Newcomer run (seconds): ${times.map(([name, s]) => `${name} ${s.toFixed(1)}`).join(', ')}\n`,
  );
  if (work) await rm(work, { recursive: true, force: true });
});

/** Starts `npx failcat serve` on a free port; resolves with its URL. */
function serve(cwd: string): Promise<string> {
  const started = performance.now();
  // Its own process group, so the server npx starts stops with it.
  server = spawn('npx', ['failcat', 'serve', '--port', '0'], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        times.push(['serve', (performance.now() - started) / 1000]);
        resolve(url);
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.once('exit', (code) => reject(new Error(`failcat serve exited (${code}): ${output}`)));
  });
}

describe('the npm package, installed outside the checkout', () => {
  it('starts a catalog, adds a case, validates, builds and serves it, and gates a model repository against it', async () => {
    // Start a catalog: the README's commands, in order.
    const start = await readmeCommands('Start a catalog');
    expect(start.map((c) => c.slice(0, 3).join(' '))).toEqual([
      'npm install -D',
      'npx failcat init',
      'npx failcat new',
      'npx failcat validate',
      'npx failcat build',
      'npx failcat serve',
    ]);
    const catalogRepo = path.join(work, 'ml-failures');
    await mkdir(catalogRepo);
    await runReadme(catalogRepo, start[0]!);
    const init = await runReadme(catalogRepo, start[1]!);
    expect(init).toContain('wrote catalog/policy.yaml');
    expect(init).toContain('package.json (it exists): added the scripts');
    const created = await runReadme(catalogRepo, start[2]!);
    expect(created.trim()).toBe('catalog/cases/FC-0002-fraud-model-declines-night-time-purchases.md');
    const validated = await runReadme(catalogRepo, start[3]!);
    expect(validated).toContain('2 cases: 0 errors');
    const built = await runReadme(catalogRepo, start[4]!);
    expect(built).toMatch(/Built site\/dist .* Pagefind indexed 2 cases/);
    // Nothing but what init wrote, the install and the site: no .astro/, no cache.
    expect((await readdir(catalogRepo)).sort()).toEqual(
      [
        '.github',
        '.gitignore',
        'README.md',
        'catalog',
        'node_modules',
        'package-lock.json',
        'package.json',
        'site',
      ].sort(),
    );
    expect(await readdir(path.join(catalogRepo, 'site'))).toEqual(['dist']);

    // `npx failcat serve`, on a free port instead of 4321.
    const url = await serve(catalogRepo);
    const home = await fetch(url);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<html');
    const casesJson = new URL('api/cases.json', url).href;
    const exported = (await (await fetch(casesJson)).json()) as { cases: { id: string }[] };
    // The catalog's default audience is internal: the example case and the new draft.
    expect(exported.cases.map((c) => c.id).sort()).toEqual(['FC-0001', 'FC-0002']);

    // Gate a model repository: the README's commands against the served site.
    const gate = await readmeCommands('Gate a model repository');
    expect(gate.map((c) => c.slice(0, 3).join(' '))).toEqual([
      'npm install -D',
      'npx failcat init',
      'npx failcat check',
    ]);
    const modelRepo = path.join(work, 'model-repo');
    await mkdir(modelRepo);
    await runReadme(modelRepo, gate[0]!);
    const initModel = await runReadme(modelRepo, gate[1]!, casesJson);
    expect(gate[1]).toContain('--model-repo');
    expect(initModel).toContain('wrote .failcat/deploy.yml');
    const checked = await runReadme(modelRepo, gate[2]!, casesJson);
    expect(checked).toMatch(/^Risk: \w+/);
    expect(checked).toContain('FC-0001');
    expect(checked).toContain('evaluate-critical-slices');

    // The same check against the catalog's folder and against its repository (GitHub's
    // API played by the stand-in): the one loader behind every source, from the package.
    const fromFolder = await step('check (folder)', modelRepo, 'npx', [
      'failcat',
      'check',
      '--catalog',
      '../ml-failures/catalog',
    ]);
    expect(fromFolder).toContain('FC-0001');
    const gh = await startGitHubServer();
    try {
      const files: Record<string, string> = {};
      for (const file of await readdir(path.join(catalogRepo, 'catalog'), { recursive: true })) {
        const text = await readFile(path.join(catalogRepo, 'catalog', file)).catch(() => undefined);
        if (text) files[`catalog/${file.split(path.sep).join('/')}`] = text.toString('utf8');
      }
      gh.tarballs.set('acme/ml-failures@main', { data: makeTarball(files), token: 'pat' });
      env.GITHUB_API_URL = gh.url;
      env.GITHUB_TOKEN = 'pat';
      const fromRepo = await step('check (repository)', modelRepo, 'npx', [
        'failcat',
        'check',
        '--catalog',
        'acme/ml-failures@main',
      ]);
      expect(fromRepo).toContain('FC-0001');
    } finally {
      delete env.GITHUB_API_URL;
      delete env.GITHUB_TOKEN;
      await gh.close();
    }
    // The model repository holds what init wrote and the install; the check's cache is failcat's own.
    expect((await readdir(modelRepo)).sort()).toEqual(
      ['.failcat', '.github', 'node_modules', 'package-lock.json', 'package.json'].sort(),
    );
    expect((await readdir(work)).sort()).toEqual(
      [path.basename(tarball), 'ml-failures', 'model-repo'].sort(),
    );
  }, 600_000);
});
