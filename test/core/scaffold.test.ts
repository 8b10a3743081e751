/** `failcat new`'s pure part: next id, file name, a draft that validates. */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCaseFile } from '../../core/validate/catalog.ts';
import { loadConfig } from '../../core/validate/catalog-config.ts';
import type { RuleContext } from '../../core/validate/config.ts';
import { caseFileName, nextCaseId, scaffoldCase } from '../../core/author/scaffold.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { FIXTURE_CATALOG } from '../helpers/catalog.ts';

let ctx: RuleContext;
beforeAll(async () => {
  ({ ctx } = await loadConfig(FIXTURE_CATALOG, fsReader));
});

describe('scaffold', () => {
  it('picks the id after the highest in use, not the first gap', () => {
    const policy = { id_prefix: 'FC', id_digits: 4 };
    expect(nextCaseId(policy, [])).toBe('FC-0001');
    expect(nextCaseId(policy, ['FC-0001-a.md', 'FC-0007-b.yaml', 'FC-0003.md'])).toBe('FC-0008');
    expect(nextCaseId(policy, ['FC-9999-x.md'])).toBe('FC-10000');
    expect(nextCaseId(policy, ['XY-0042-other-prefix.md', 'notes.md'])).toBe('FC-0001');
    expect(nextCaseId({ id_prefix: 'INC', id_digits: 6 }, ['INC-000041'])).toBe('INC-000042');
  });

  it('names the file after the id and a slug of the title', () => {
    expect(caseFileName({ id: 'FC-0009', title: 'Fraud model: blocked 2 AM payments!', format: 'md' })).toBe(
      'FC-0009-fraud-model-blocked-2-am-payments.md',
    );
    expect(caseFileName({ id: 'FC-0009', title: '¿¡!?', format: 'yaml' })).toBe('FC-0009-case.yaml');
  });

  for (const format of ['md', 'yaml'] as const) {
    for (const model of [undefined, 'fraud-gbm: "v3"']) {
      it(`writes a ${format} draft that validates${model ? ' with a model that needs quoting' : ''}`, () => {
        const input = {
          id: 'FC-0042',
          title: 'Ranker ignored the pet: "policy" filter',
          severity: 'SEV1',
          model,
          format,
          today: '2025-07-01',
        };
        const text = scaffoldCase(input);
        const file = `cases/${caseFileName(input)}`;
        const result = checkCaseFile(file, new TextEncoder().encode(text), ctx, { keepRecords: true });
        expect(result.findings).toEqual([]);
        expect(result.record!.data).toMatchObject({
          id: 'FC-0042',
          title: input.title,
          status: 'draft',
          severity: 'SEV1',
          occurred_at: '2025-07-01',
          ...(model ? { system: { model } } : {}),
        });
      });
    }
  }

  it('writes a draft that must be finished before it leaves draft', () => {
    const text = scaffoldCase({
      id: 'FC-0042',
      title: 'Ranker ignored the pet policy',
      severity: 'SEV2',
      format: 'md',
      today: '2025-07-01',
    });
    const investigating = text.replace('status: draft', 'status: investigating');
    const { findings } = checkCaseFile('cases/FC-0042-x.md', new TextEncoder().encode(investigating), ctx);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['required-field', 'placeholder-text']));
    // Every template text is named: the summary and each section.
    expect(findings.filter((f) => f.rule === 'placeholder-text').map((f) => f.line)).toEqual([4, 23, 27]);
  });

  it('writes the sections the severity requires, headed as an author would', () => {
    const base = {
      id: 'FC-0042',
      title: 'Ranker ignored the pet policy',
      severity: 'SEV1',
      today: '2025-07-01',
    };
    const sections = ['impact', 'detection', 'diagnosis', 'follow-up'];
    const md = scaffoldCase({ ...base, format: 'md', sections });
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([
      'Impact',
      'Detection',
      'Diagnosis',
      'Follow-up',
    ]);
    const yaml = scaffoldCase({ ...base, format: 'yaml', sections });
    expect([...yaml.matchAll(/^ {2}([a-z-]+): >-$/gm)].map((m) => m[1])).toEqual(sections);
    // Without requirements: an impact and a diagnosis to start from.
    expect([...scaffoldCase({ ...base, format: 'md' }).matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([
      'Impact',
      'Diagnosis',
    ]);
  });
});
