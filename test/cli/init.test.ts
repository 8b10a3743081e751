/** `failcat init`: a catalog repository and a model repository's risk check, never replacing a file. */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { actionRef } from '../../core/author/init.ts';
import { readManifest } from '../../core/risk/assess.ts';
import { makeTemp, removeTemp, ROOT } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

const VERSION = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const ACTION_REF = actionRef(VERSION);
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});
async function temp(): Promise<string> {
  const dir = await makeTemp('failcat-init-');
  temps.push(dir);
  return dir;
}

/** Every file below a folder, relative to it. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The file each `yaml-language-server` modeline names, resolved from the file's folder. */
async function modelineTargets(dir: string): Promise<string[]> {
  const targets: string[] = [];
  for (const file of await files(dir)) {
    if (file.startsWith('node_modules')) continue;
    const m = /^# yaml-language-server: \$schema=(\S+)/m.exec(await readFile(path.join(dir, file), 'utf8'));
    if (m) targets.push(path.resolve(path.dirname(path.join(dir, file)), m[1]!));
  }
  return targets;
}

describe('failcat init', () => {
  it('writes a catalog repository that validates as it stands, its workflows on the released action', async () => {
    const parent = await temp();
    const dir = path.join(parent, 'ml-failures');
    const r = await runCli(['init', 'ml-failures'], { cwd: parent });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = await files(dir);
    expect(written).toEqual(
      [
        '.github/ISSUE_TEMPLATE/failure-report.yml',
        '.github/PULL_REQUEST_TEMPLATE.md',
        '.github/workflows/publish-site.yml',
        '.github/workflows/validate-cases.yml',
        '.gitignore',
        'README.md',
        'catalog/cases/FC-0001-language-id-misroutes-short-code-mixed-messages.md',
        'catalog/checklist.yaml',
        'catalog/policy.yaml',
        'catalog/taxonomy.yaml',
        'package.json',
      ].map((f) => f.split('/').join(path.sep)),
    );
    for (const file of written)
      expect(r.stdout).toContain(`wrote ml-failures/${file.split(path.sep).join('/')}`);

    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.name).toBe('ml-failures');
    expect(pkg.scripts).toMatchObject({ validate: 'failcat validate', build: 'failcat build' });
    expect(pkg.devDependencies.failcat).toMatch(/^\^\d+\.\d+\.\d+/);

    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.stdout).toContain('1 case: 0 errors, 0 warnings');
    expect(validate.code).toBe(0);

    for (const workflow of ['validate-cases.yml', 'publish-site.yml']) {
      const text = await readFile(path.join(dir, '.github/workflows', workflow), 'utf8');
      expect(text).not.toMatch(/uses: \.\/|\{\{[a-z_]+\}\}/);
      jsyaml.load(text);
    }
    expect(await readFile(path.join(dir, '.github/workflows/validate-cases.yml'), 'utf8')).toContain(
      `uses: ${ACTION_REF}`,
    );

    // Once `npm install` has put failcat in node_modules, every modeline names a schema there.
    await mkdir(path.join(dir, 'node_modules'));
    await symlink(ROOT, path.join(dir, 'node_modules', 'failcat'));
    const targets = await modelineTargets(dir);
    expect(targets.length).toBe(3);
    for (const target of targets) expect(existsSync(target), target).toBe(true);
  });

  it('never replaces a file: a second run keeps everything, an existing package.json only gains scripts', async () => {
    const dir = await temp();
    await writeFile(path.join(dir, 'README.md'), 'our own readme\n');
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'mine',
        scripts: { build: 'make site' },
        devDependencies: { failcat: '0.1.0' },
      }),
    );
    const first = await runCli(['init', dir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/kept +\S*README\.md \(it exists\)/);
    expect(first.stdout).toMatch(/package\.json \(it exists\): added the scripts new, validate, serve/);
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toBe('our own readme\n');
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
      scripts: Record<string, string>;
    };
    expect(pkg.name).toBe('mine');
    expect(pkg.scripts.build).toBe('make site');
    expect(pkg.scripts.validate).toBe('failcat validate');

    const before = await Promise.all((await files(dir)).map((f) => readFile(path.join(dir, f), 'utf8')));
    const second = await runCli(['init', dir]);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('wrote');
    const after = await Promise.all((await files(dir)).map((f) => readFile(path.join(dir, f), 'utf8')));
    expect(after).toEqual(before);
  });

  it('--model-repo writes a manifest that validates, the risk workflow and the checklist template', async () => {
    const dir = await temp();
    const url = 'https://acme.github.io/ml-failures/api/cases.json';
    const r = await runCli(['init', '--model-repo', '--catalog', url, dir]);
    expect(r.code).toBe(0);
    expect(await files(dir)).toEqual(
      ['.failcat/deploy.yml', '.github/PULL_REQUEST_TEMPLATE.md', '.github/workflows/failcat-risk.yml'].map(
        (f) => f.split('/').join(path.sep),
      ),
    );
    const manifestText = await readFile(path.join(dir, '.failcat/deploy.yml'), 'utf8');
    expect(readManifest('deploy.yml', new TextEncoder().encode(manifestText)).findings).toEqual([]);
    // The catalog site publishes its schemas beside api/cases.json.
    expect(manifestText).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/acme\.github\.io\/ml-failures\/schemas\/deploy\.schema\.json$/m,
    );
    const workflow = jsyaml.load(
      await readFile(path.join(dir, '.github/workflows/failcat-risk.yml'), 'utf8'),
    ) as {
      jobs: { risk: { steps: { uses?: string; with?: Record<string, string> }[] } };
    };
    const step = workflow.jobs.risk.steps.find((s) => s.uses === ACTION_REF);
    expect(step?.with).toMatchObject({ mode: 'risk', catalog: url, 'deploy-file': '.failcat/deploy.yml' });
  });

  it('--model-repo with a repository reads it with a token; the schema modeline names a release', async () => {
    const dir = await temp();
    expect((await runCli(['init', '--model-repo', '--catalog', 'acme/ml-failures', dir])).code).toBe(0);
    const workflow = await readFile(path.join(dir, '.github/workflows/failcat-risk.yml'), 'utf8');
    expect(workflow).toContain('catalog-repository: acme/ml-failures');
    expect(workflow).toContain('github-token: ${{ secrets.FAILCAT_CATALOG_TOKEN }}');
    const manifest = await readFile(path.join(dir, '.failcat/deploy.yml'), 'utf8');
    expect(manifest).toContain(
      `$schema=https://raw.githubusercontent.com/failcat/failcat/v${VERSION}/schemas/deploy.schema.json`,
    );
  });

  it('refuses a catalog folder outside the model repository, and --catalog without --model-repo', async () => {
    const dir = await temp();
    const outside = await runCli(['init', '--model-repo', '--catalog', ROOT, dir]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('outside');
    const stray = await runCli(['init', '--catalog', 'x', dir]);
    expect(stray.code).toBe(2);
    expect(await files(dir)).toEqual([]);
  });
});
