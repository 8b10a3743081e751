import { readdirSync, readFileSync } from 'node:fs';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseTaskList, readManifest } from '../../core/risk/assess.ts';

const load = (file: string) => jsyaml.load(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('action.yml', () => {
  const action = load('action/action.yml') as {
    runs: { using: string; main: string };
    branding: unknown;
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
  };

  it('runs the committed bundle on node24, with branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(action.branding).toBeDefined();
  });

  it('declares exactly the inputs config.ts reads, each described, kebab-case', () => {
    const read = [...readFileSync('action/src/config.ts', 'utf8').matchAll(/get\('([a-z-]+)'\)/g)].map(
      (m) => m[1],
    );
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(input.description.length).toBeGreaterThan(20);
    }
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
  });

  it('declares every output main.ts sets, each described', () => {
    const set = [...readFileSync('action/src/main.ts', 'utf8').matchAll(/setOutput\('([a-z-]+)'/g)].map(
      (m) => m[1],
    );
    expect(Object.keys(action.outputs).sort()).toEqual([...new Set(set)].sort());
    for (const output of Object.values(action.outputs)) expect(output.description.length).toBeGreaterThan(10);
  });
});

describe('shipped workflows', () => {
  // The templates `failcat init` fills (test/cli/init.test.ts checks what it writes).
  const filled = (file: string) =>
    jsyaml.load(
      readFileSync(file, 'utf8')
        .replace(/\{\{action\}\}/g, 'o/r@v1')
        .replace(/^\{\{catalog_inputs\}\}$/m, ''),
    ) as Record<string, unknown>;
  const files = [
    ...readdirSync('.github/workflows').map((f) => `.github/workflows/${f}`),
    ...readdirSync('templates/catalog/.github/workflows').map(
      (f) => `templates/catalog/.github/workflows/${f}`,
    ),
    'templates/model-repo/.github/workflows/failcat-risk.yml',
  ];
  // Only the release workflow pushes (its tags).
  const writesContents = ['.github/workflows/release.yml'];

  it.each(files)('%s sets a minimal permissions block', (file) => {
    const workflow = filled(file) as { permissions?: Record<string, string> };
    expect(workflow.permissions).toBeDefined();
    expect(Object.values(workflow.permissions!).every((p) => p === 'read' || p === 'write')).toBe(true);
    if (!writesContents.includes(file)) expect(workflow.permissions).not.toHaveProperty('contents', 'write');
  });

  it.each(files.filter((f) => /validate-cases|failcat-risk/.test(f)))(
    '%s uses the released action, never ./action',
    (file) => {
      expect(readFileSync(file, 'utf8')).toMatch(/uses: \{\{action\}\}/);
      expect(readFileSync(file, 'utf8')).not.toContain('uses: ./');
    },
  );

  it('the issue form parses and requires the blameless confirmation', () => {
    const form = load('.github/ISSUE_TEMPLATE/failure-report.yml') as {
      body: { id?: string; type: string }[];
    };
    expect(form.body.map((b) => b.id).filter(Boolean)).toContain('blameless');
  });
});

describe("the model repository's template (failcat init --model-repo)", () => {
  it('has a manifest that validates', () => {
    const { manifest, findings } = readManifest(
      'deploy.yml',
      readFileSync('templates/model-repo/.failcat/deploy.yml'),
    );
    expect(findings).toEqual([]);
    expect(manifest?.model).toBe('lang-id-fasttext');
  });

  it('has a PR template whose checklist the check reads', () => {
    const items = parseTaskList(
      readFileSync('templates/model-repo/.github/PULL_REQUEST_TEMPLATE.md', 'utf8'),
    );
    expect(items.size).toBeGreaterThanOrEqual(10);
    expect([...items.values()].every((ticked) => !ticked)).toBe(true);
  });
});
