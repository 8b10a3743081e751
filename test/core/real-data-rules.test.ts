/**
 * Rules that hold on real data (issue 16.5): a `detected_by` credit is not blame, and a
 * reference to a case that exists but fails its schema says so and points at its errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { caseYaml, makeCase, removeTemp, writeCatalog } from '../helpers/catalog.ts';

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await removeTemp(dir);
});

async function validate(cases: Record<string, string>) {
  const dir = await writeCatalog(cases);
  temps.push(dir);
  const result = await validateCatalog(dir, fsReader);
  const strip = (text: string) => text.replaceAll(`${dir}/`, '');
  return result.findings.map((f) => ({ ...f, file: strip(f.file), message: strip(f.message) }));
}

describe('rules on real data', () => {
  it('reads a detected_by that names a person, a company or a product as a credit, not blame', async () => {
    for (const who of ['Jane Smith', 'Acme Corp', 'Garak Scanner']) {
      const findings = await validate({
        'FC-0101-credited.yaml': caseYaml(
          makeCase({ detection: { method: 'monitoring', detected_by: who } }),
        ),
      });
      expect(
        findings.filter((f) => f.rule === 'blameless'),
        who,
      ).toEqual([]);
    }
  });

  it('says a referenced case exists but fails the schema, and points at its first error', async () => {
    const broken = caseYaml(
      makeCase({ id: 'FC-0102', title: 'A broken case', status: 'resolvd' as 'resolved' }),
    );
    const findings = await validate({
      'FC-0101-refers.yaml': caseYaml(makeCase({ related: ['FC-0102'], supersedes: 'FC-0103' })),
      'FC-0102-broken.yaml': broken,
    });
    const own = findings.find((f) => f.file === 'cases/FC-0102-broken.yaml' && f.severity === 'error');
    expect(own?.message).toMatch(/status/);
    const refs = findings.filter((f) => f.rule === 'case-ref');
    const line = broken.split('\n').findIndex((l) => l.startsWith('status:')) + 1;
    expect(refs).toEqual([
      expect.objectContaining({
        file: 'cases/FC-0101-refers.yaml',
        severity: 'warning',
        message: expect.stringContaining(
          `\`FC-0102\` is cases/FC-0102-broken.yaml, which fails the schema (1 error; first at cases/FC-0102-broken.yaml:${line}:9: `,
        ),
      }),
      // A case that is nowhere is still an error.
      expect.objectContaining({
        file: 'cases/FC-0101-refers.yaml',
        severity: 'error',
        message: '`FC-0103` names no case in the catalog.',
      }),
    ]);
    // The referring case is valid: its reference is right, only the other file needs fixing.
    expect(
      findings.filter((f) => f.file === 'cases/FC-0101-refers.yaml' && f.severity === 'error'),
    ).toHaveLength(1);
  });
});
