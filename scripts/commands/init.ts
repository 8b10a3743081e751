/**
 * `failcat init [DIR]`: starts a catalog repository; `failcat init --model-repo [DIR]`:
 * the risk check for a model repository. Files come from the package (templates/, the
 * sample catalog's configuration, failcat's own PR template and issue form); an existing
 * file is never replaced, and every file written or kept is named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  actionRef,
  CATALOG_SCRIPTS,
  catalogInputs,
  fillTemplate,
  FAILCAT_REPOSITORY,
  packageName,
  releaseSchemasUrl,
  siteSchemasUrl,
  type CatalogReference,
} from '../../core/author/init.ts';
import { parseCommandArgs, UsageError, type Command } from '../cli.ts';
import { describeCatalogSource, parseCatalogSource } from '../../node/catalog-source.ts';

/** failcat's own folder: the package, or the checkout. */
const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));
/** failcat's version: written workflows use its major release, package.json depends on it. */
const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')) as { version: string })
  .version;
const ACTION_REF = actionRef(VERSION);

/** A file to write: where it goes in DIR, and its source in the package. */
interface PlannedFile {
  to: string;
  from: string;
  /** A transformation of the source text before its placeholders are filled. */
  prepare?: (text: string) => string;
}

/** The sample catalog's modelines point at failcat's schemas folder; a written file's at {{schemas}}. */
const schemaModeline = (text: string) =>
  text.replace(/^(# yaml-language-server: \$schema=)\.\.\/schemas\//m, '$1{{schemas}}/');

const CATALOG_FILES: PlannedFile[] = [
  ...['taxonomy', 'policy', 'checklist'].map((name) => ({
    to: `catalog/${name}.yaml`,
    from: `catalog/${name}.yaml`,
    prepare: schemaModeline,
  })),
  {
    to: 'catalog/cases/FC-0001-language-id-misroutes-short-code-mixed-messages.md',
    from: 'templates/catalog/catalog/cases/FC-0001-language-id-misroutes-short-code-mixed-messages.md',
  },
  { to: 'README.md', from: 'templates/catalog/README.md' },
  // npm leaves files named .gitignore out of a package.
  { to: '.gitignore', from: 'templates/catalog/gitignore' },
  {
    to: '.github/workflows/validate-cases.yml',
    from: 'templates/catalog/.github/workflows/validate-cases.yml',
  },
  { to: '.github/workflows/publish-site.yml', from: 'templates/catalog/.github/workflows/publish-site.yml' },
  { to: '.github/PULL_REQUEST_TEMPLATE.md', from: '.github/PULL_REQUEST_TEMPLATE.md' },
  { to: '.github/ISSUE_TEMPLATE/failure-report.yml', from: '.github/ISSUE_TEMPLATE/failure-report.yml' },
];

const MODEL_REPO_FILES: PlannedFile[] = [
  '.failcat/deploy.yml',
  '.github/workflows/failcat-risk.yml',
  '.github/PULL_REQUEST_TEMPLATE.md',
].map((file) => ({ to: file, from: `templates/model-repo/${file}` }));

/** What one file came to: written, or kept because it exists. */
type Outcome = { file: string; written: boolean; note?: string };

/** Writes a file unless one exists; creates its folder. */
async function writeNew(file: string, text: string): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** A path for a modeline or a link: relative, with '/' separators. */
function relativeLink(fromDir: string, to: string): string {
  return path.relative(fromDir, to).split(path.sep).join('/') || '.';
}

/** Writes the planned files into `dir` with their placeholders filled. */
async function writeFiles(
  dir: string,
  files: PlannedFile[],
  values: (to: string) => Record<string, string>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const planned of files) {
    const source = await readFile(path.join(PACKAGE, planned.from), 'utf8');
    const text = fillTemplate(planned.prepare?.(source) ?? source, values(planned.to), planned.from);
    outcomes.push({ file: planned.to, written: await writeNew(path.join(dir, planned.to), text) });
  }
  return outcomes;
}

/**
 * A catalog repository's package.json: written when missing; when it exists, only the
 * scripts it lacks are added (its own values stay).
 */
async function writePackageJson(dir: string): Promise<Outcome> {
  const file = path.join(dir, 'package.json');
  const version = VERSION;
  if (!existsSync(file)) {
    const pkg = {
      name: packageName(path.basename(dir)),
      private: true,
      description: 'A catalog of ML and AI failures, checked and published with failcat.',
      scripts: CATALOG_SCRIPTS,
      devDependencies: { failcat: `^${version}` },
    };
    await writeNew(file, `${JSON.stringify(pkg, null, 2)}\n`);
    return { file: 'package.json', written: true, note: 'run `npm install` next' };
  }
  const text = await readFile(file, 'utf8');
  let pkg: { scripts?: Record<string, string>; dependencies?: object; devDependencies?: object };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it and run init again.`, {
      cause: error,
    });
  }
  const added = Object.keys(CATALOG_SCRIPTS).filter((name) => pkg.scripts?.[name] === undefined);
  const hasFailcat = [pkg.dependencies, pkg.devDependencies].some((deps) => deps && 'failcat' in deps);
  const note = hasFailcat ? undefined : `add failcat to it: npm install -D failcat@${version}`;
  if (added.length === 0) return { file: 'package.json', written: false, note };
  pkg.scripts = {
    ...pkg.scripts,
    ...Object.fromEntries(added.map((name) => [name, CATALOG_SCRIPTS[name]!])),
  };
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  await writeFile(file, `${JSON.stringify(pkg, null, indent)}\n`);
  return {
    file: 'package.json',
    written: false,
    note: [`added the scripts ${added.join(', ')}`, note].filter(Boolean).join('; '),
  };
}

/** The catalog a model repository's check reads, from --catalog. */
function catalogReference(text: string | undefined, dir: string): CatalogReference | undefined {
  if (text === undefined) return undefined;
  const source = parseCatalogSource(text);
  if (source.kind === 'url') return { kind: 'url', url: source.url };
  if (source.kind === 'repository') {
    return {
      kind: 'repository',
      repository: `${source.owner}/${source.repo}`,
      folder: source.path,
      ...(source.ref ? { ref: source.ref } : {}),
    };
  }
  const relative = relativeLink(dir, path.resolve(source.dir));
  if (relative.startsWith('..')) {
    throw new UsageError(
      `--catalog ${describeCatalogSource(source)} is outside ${dir}; a workflow can read a folder of its own repository only. Name the catalog's site (…/api/cases.json) or repository (owner/name).`,
    );
  }
  return { kind: 'folder', dir: relative };
}

/** Prints what was written and kept. */
function report(dir: string, outcomes: Outcome[]): void {
  const where = relativeLink(process.cwd(), dir);
  const shown = (file: string) => (where === '.' ? file : `${where}/${file}`);
  for (const { file, written, note } of outcomes) {
    const status = written ? 'wrote' : 'kept ';
    process.stdout.write(
      `  ${status} ${shown(file)}${written ? '' : ' (it exists)'}${note ? `: ${note}` : ''}\n`,
    );
  }
}

export const initCommand: Command = {
  usage: `Usage: failcat init [DIR]
       failcat init --model-repo [--catalog SOURCE] [DIR]

Starts a repository in DIR (default: the current folder). Never replaces a file: an
existing one is kept, and every file is listed as written or kept.

A catalog repository (without --model-repo):
  catalog/            taxonomy, policy and checklist (commented, ready to edit) and an
                      example case
  package.json        failcat as a devDependency, scripts new, validate, build, serve
                      (an existing package.json only gets the scripts it lacks)
  .github/            workflows that validate case PRs (${ACTION_REF}) and publish
                      the site to GitHub Pages; a PR template and an issue form
  README.md           how to add a case, for the catalog's contributors

A model repository (--model-repo):
  .failcat/deploy.yml                 what the repository deploys
  .github/workflows/failcat-risk.yml  the risk check on every PR (${ACTION_REF})
  .github/PULL_REQUEST_TEMPLATE.md    the deployment checklist

Options:
  --model-repo       write a model repository's files
  --catalog SOURCE   with --model-repo: the catalog the check reads, the URL of a
                     published api/cases.json or a repository owner/name[:folder]
  -h, --help         show this help`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { 'model-repo': { type: 'boolean' }, catalog: { type: 'string' } },
      true,
    );
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`init takes one folder; got ${positionals.join(' ')}.`);
    if (values.catalog !== undefined && !values['model-repo'])
      throw new UsageError(
        '--catalog goes with --model-repo (the catalog a model repository checks against).',
      );
    const dir = path.resolve(positionals[0] ?? '.');
    await mkdir(dir, { recursive: true });

    if (values['model-repo']) {
      const reference = catalogReference(values.catalog, dir);
      const localSchemas = path.join(dir, 'node_modules', 'failcat', 'schemas');
      const outcomes = await writeFiles(dir, MODEL_REPO_FILES, (to) => ({
        action: ACTION_REF,
        catalog_inputs: catalogInputs(reference),
        schemas:
          (reference?.kind === 'url' ? siteSchemasUrl(reference.url) : undefined) ??
          (existsSync(localSchemas)
            ? relativeLink(path.dirname(path.join(dir, to)), localSchemas)
            : releaseSchemasUrl(VERSION)),
      }));
      process.stdout.write(`A model repository's risk check in ${dir}:\n`);
      report(dir, outcomes);
      const catalog = values.catalog ?? '<the catalog site>/api/cases.json';
      process.stdout.write(
        `Next: edit .failcat/deploy.yml, then run \`npx failcat check --catalog ${catalog}\`.\n`,
      );
      return 0;
    }

    const schemas = path.join(dir, 'node_modules', 'failcat', 'schemas');
    const outcomes = await writeFiles(dir, CATALOG_FILES, (to) => ({
      action: ACTION_REF,
      name: path.basename(dir),
      repository: FAILCAT_REPOSITORY,
      schemas: relativeLink(path.dirname(path.join(dir, to)), schemas),
    }));
    outcomes.push(await writePackageJson(dir));
    process.stdout.write(`A failure catalog in ${dir}:\n`);
    report(dir, outcomes);
    const cd = relativeLink(process.cwd(), dir);
    // Installed already (`npm install -D failcat`, then init): nothing to install.
    const install = existsSync(path.join(dir, 'node_modules', 'failcat')) ? '' : 'npm install, then ';
    process.stdout.write(
      `Next: ${cd === '.' ? '' : `cd ${cd} && `}${install}\`npx failcat new\`, \`npx failcat validate\`, \`npx failcat build\` and \`npx failcat serve\`.\n`,
    );
    return 0;
  },
};
