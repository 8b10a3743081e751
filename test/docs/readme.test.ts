import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkCaseFile, loadConfig } from '../../core/validate/catalog.ts';
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
      true,
    );
    expect(result.findings).toEqual([]);
    expect(result.record?.sections.map((s) => s.id)).toEqual(['impact', 'diagnosis']);
  });
});
