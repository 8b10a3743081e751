/**
 * The layers of docs/architecture.md, checked two ways: ESLint's rules refuse an import
 * across a boundary (so a commit adding one fails `npm test`), and the import graph of the
 * whole tree, type-only imports included, has no cycle and no arrow between the fronts.
 */
import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import layers from '../../layers.json' with { type: 'json' };

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_DIRS = ['core', 'node', 'scripts', 'action/src', 'site/src', 'site/build', 'tools', 'bench'];

/** Every TypeScript and Astro source below the product's folders, relative to the root. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(path.join(ROOT, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'out') walk(rel);
      else if (/\.(ts|mts|astro)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(rel);
    }
  };
  SOURCE_DIRS.forEach(walk);
  return files.sort();
}

/** The script parts of a file: all of a .ts file, the frontmatter and scripts of an .astro file. */
function scriptOf(file: string): string {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  if (!file.endsWith('.astro')) return text;
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  const scripts = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return [front, ...scripts].join('\n');
}

/** The import graph: file → the files it imports (static, dynamic and type-only imports). */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(scriptOf(file), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
      .filter((target) => known.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The layer a file belongs to: core, node, scripts (the CLI), action, site, tools, bench. */
function layerOf(file: string): string {
  return file.split('/')[0]!;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}

describe('the import graph', () => {
  const graph = importGraph();

  it('covers the product', () => {
    for (const layer of ['core', 'node', 'scripts', 'action', 'site'])
      expect(
        [...graph.keys()].some((f) => layerOf(f) === layer),
        layer,
      ).toBe(true);
  });

  it('has no cycle, type-only imports included', () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('has no arrow between the fronts, and none from core or node to anything above them', () => {
    const allowed: Record<string, string[]> = layers.mayImport;
    const crossings = [...graph].flatMap(([from, targets]) =>
      targets.filter((to) => !allowed[layerOf(from)]!.includes(layerOf(to))).map((to) => `${from} -> ${to}`),
    );
    expect(crossings).toEqual([]);
  });
});

describe('lint', () => {
  const eslint = new ESLint({ cwd: ROOT });
  // Each probe is a file that does not exist, linted as if it were committed at that path.
  const probes: [file: string, source: string][] = [
    [
      'core/parse/probe.ts',
      "import { fsReader } from '../../node/fs-reader.ts';\nexport const r = fsReader;\n",
    ],
    ['core/parse/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['node/probe.ts', "import { USAGE } from '../scripts/failcat.ts';\nexport const u = USAGE;\n"],
    ['scripts/probe.ts', "import * as m from '../action/src/config.ts';\nexport const c = m;\n"],
    ['action/src/probe.ts', "import * as m from '../../scripts/cli.ts';\nexport const c = m;\n"],
    ['site/src/lib/probe.ts', "import * as m from '../../../scripts/cli.ts';\nexport const c = m;\n"],
    ['bench/probe.ts', "import * as m from '../test/helpers/cli.ts';\nexport const c = m;\n"],
  ];

  it.each(probes)('refuses a boundary-crossing import in %s', async (file, source) => {
    const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
    const rules = result!.messages.map((m) => m.ruleId);
    expect(rules.some((r) => r === 'import-x/no-restricted-paths' || r === 'no-restricted-imports')).toBe(
      true,
    );
  });

  it('accepts an import the layers allow', async () => {
    const source = "import { sortFindings } from '../model/findings.ts';\nexport const s = sortFindings;\n";
    const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, 'core/validate/probe.ts') });
    expect(result!.messages).toEqual([]);
  });
});
