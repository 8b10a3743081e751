/** `failcat validate`: checks cases against the schema and every catalog rule. */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { caseFileTest } from '../../core/validate/catalog-config.ts';
import { joinPath } from '../../core/model/files.ts';
import { countFindings } from '../../core/model/findings.ts';
import { FINDING_FORMATS, renderFindings } from '../../core/validate/report.ts';
import { oneOf, parseCommandArgs, UsageError, useColor, type Command } from '../cli.ts';
import { catalogPath, fsReader } from '../../node/fs-reader.ts';
import { loadCatalog } from '../../node/catalog-source.ts';
import { catalogThreads } from '../../node/pool/threads.ts';
import { formatOf } from '../../core/parse/source.ts';
import { escapeControl } from '../../core/model/text.ts';

export const validateCommand: Command = {
  usage: `Usage: failcat validate [PATH...] [--catalog DIR] [--format text|json|github|sarif]

Checks case files against the catalog's schema, taxonomy, policy and checklist.
With no PATH, checks the whole catalog. A PATH is a case file or a folder of cases;
those are checked against the whole catalog (unique ids, references, near-duplicates).

Options:
  --catalog DIR   the catalog folder (default: catalog)
  --format F      text (default), json, github (workflow annotations) or sarif
  -h, --help      show this help

Exit status: 0 when there is no error (warnings allowed), 1 when there is, 2 on a usage error.`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { catalog: { type: 'string', default: 'catalog' }, format: { type: 'string' } },
      true,
    );
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    const format = oneOf('format', values.format, FINDING_FORMATS, 'text');
    const catalogDir = joinPath(values.catalog!);
    const only = positionals.length > 0 ? await expandPaths(positionals, catalogDir) : undefined;
    const result = await loadCatalog(
      { kind: 'folder', dir: catalogDir },
      { purpose: 'validate', only, threads: catalogThreads() },
    );
    const summary = { files: result.files.length, cases: result.caseCount, findings: result.findings };
    const sarif = format === 'sarif' ? sarifPlaces(catalogDir) : undefined;
    process.stdout.write(renderFindings(summary, format, { color: useColor(), sarif }));
    return countFindings(result.findings).errors > 0 ? 1 : 0;
  },
};

/**
 * Expands folders given on the command line into the case files below them, each spelt
 * as the catalog's own listing spells it when it lies inside the catalog folder: named
 * `./catalog/cases/x.md` or by its absolute path, a case is still the one the catalog
 * holds, not a second case with the same id. A folder inside the catalog gives only its
 * cases (`failcat validate catalog` skips taxonomy.yaml and the drafts).
 */
async function expandPaths(paths: string[], catalogDir: string): Promise<string[]> {
  const root = path.resolve(catalogDir);
  /** The catalog's spelling of a file inside it, or undefined for a file outside. */
  const inCatalog = (file: string) => {
    const inside = path.relative(root, path.resolve(file));
    if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return undefined;
    return joinPath(catalogDir, catalogPath(inside));
  };
  const isCase = caseFileTest(catalogDir);
  const files: string[] = [];
  for (const p of paths.map((x) => joinPath(x))) {
    const info = await stat(p).catch(() => undefined);
    if (!info) throw new UsageError(`${escapeControl(p)}: no such file or folder.`);
    if (!info.isDirectory()) {
      files.push(inCatalog(p) ?? p);
      continue;
    }
    for (const file of await fsReader.list(p)) {
      const spelt = inCatalog(file);
      // A folder that could not be listed (a trailing /) stays, so reading it reports it.
      if (file.endsWith('/') || (spelt === undefined ? formatOf(file) : isCase(spelt)))
        files.push(spelt ?? file);
    }
  }
  return files;
}

/**
 * Where SARIF places files: the current folder, and as `%SRCROOT%` the repository that
 * holds the catalog (the nearest folder up with `.git`), else the current folder.
 */
function sarifPlaces(catalogDir: string): { cwd: string; root: string } {
  const cwd = process.cwd();
  let dir = path.resolve(catalogDir);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return { cwd: catalogPath(cwd), root: catalogPath(dir) };
    const up = path.dirname(dir);
    if (up === dir) return { cwd: catalogPath(cwd), root: catalogPath(cwd) };
    dir = up;
  }
}
