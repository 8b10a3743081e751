import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkCaseFile } from '../../core/validate/catalog.ts';
import { loadConfig } from '../../core/validate/catalog-config.ts';
import { fsReader } from '../../node/fs-reader.ts';

// The README's example case is documentation users copy: it must validate against the
// shipped catalog's taxonomy, policy and checklist.
describe('README', () => {
  it('has an example case that validates against the shipped catalog', async () => {
    const readme = await readFile('README.md', 'utf8');
    const example = /```markdown\n(---\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(example, 'README has a ```markdown example case').toBeDefined();
    const { ctx, findings: configFindings } = await loadConfig('catalog', fsReader);
    expect(configFindings).toEqual([]);
    const result = checkCaseFile(
      'catalog/cases/FC-0042-readme-example.md',
      new TextEncoder().encode(example!),
      ctx,
      { keepRecords: true },
    );
    expect(result.findings).toEqual([]);
    expect(result.record?.sections.map((s) => s.id)).toEqual(['impact', 'diagnosis']);
  });
});

/** The rows of the Markdown table under `### heading`: its cells, trimmed, header left out. */
function tableUnder(readme: string, heading: string): string[][] {
  const section = readme.split(`\n### ${heading}\n`)[1]?.split('\n#')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

describe("README's action tables", () => {
  const action = jsyaml.load(readFileSync('action/action.yml', 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { description: string }>;
  };
  const readme = readFileSync('README.md', 'utf8');

  it('list every input of action.yml, in order, with its default', () => {
    const rows = tableUnder(readme, 'Inputs').map(([name, value]) => [name, value]);
    const declared = Object.entries(action.inputs).map(([name, input]) => [
      `\`${name}\``,
      input.default ? `\`${input.default}\`` : '',
    ]);
    expect(rows).toEqual(declared);
  });

  it('list every output of action.yml, in order, with the mode that sets it', () => {
    const rows = tableUnder(readme, 'Outputs');
    expect(rows.map(([name]) => name)).toEqual(Object.keys(action.outputs).map((name) => `\`${name}\``));
    for (const [name, mode] of rows) {
      const description = action.outputs[name!.slice(1, -1)]!.description;
      const declared = /^Risk mode/.test(description)
        ? 'risk'
        : /^Validate mode/.test(description)
          ? 'validate'
          : 'both';
      expect(mode, name).toBe(declared);
    }
  });
});

describe('the documentation', () => {
  it('keeps the README short: under 15 KiB, details in docs/ and bench/', () => {
    expect(statSync('README.md').size).toBeLessThan(15 * 1024);
  });

  it.each(['README.md', 'docs/architecture.md', 'bench/README.md', 'core/parse/fast-yaml/README.md'])(
    '%s links only to files that exist',
    (file) => {
      const text = readFileSync(file, 'utf8');
      const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
      const local = targets.filter((t) => !/^[a-z]+:/.test(t));
      expect(targets.length).toBeGreaterThan(0);
      for (const target of local)
        expect(existsSync(path.join(path.dirname(file), target)), target).toBe(true);
    },
  );
});
