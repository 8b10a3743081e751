/** Audience filtering, redaction and the api/cases.json round trip. */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../core/validate/catalog.ts';
import { validateCatalog } from '../../core/validate/catalog.ts';
import type { CatalogExport, ExportedCase } from '../../core/publish/export.ts';
import { SCHEMAS } from '../../core/model/schemas.ts';
import {
  caseForAudience,
  casesForAudience,
  EXPORT_VERSION,
  exportCatalog,
  exportCatalogJson,
  importCatalog,
} from '../../core/publish/export.ts';
import { renderMarkdownFully } from '../../core/publish/markdown.ts';
import { searchRecordOf } from '../../core/publish/search-index.ts';
import type { FailureCase } from '../../core/model/schema-types.ts';
import { sectionsOf } from '../../core/publish/markdown-parse.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { FIXTURE_CATALOG, makeCase } from '../helpers/catalog.ts';

const body =
  '\n## Impact\n\nCustomers saw errors.\n\n## Internal notes\n\nThe vendor contract is up for renewal.\n';
const markdown = (data: FailureCase): CaseRecord => ({
  file: `cases/${data.id}-x.md`,
  format: 'markdown',
  data,
  body,
  bodyLine: 30,
  sections: sectionsOf(body, 30),
});

describe('caseForAudience', () => {
  const data = makeCase({
    visibility: 'public',
    redact: ['provenance', 'system.model_version', 'root_causes.description', 'narrative.internal-notes'],
    provenance: { reported_by: 'fraud analyst on call' },
    'x-ticket': 'OPS-1',
  } as never);

  it('drops redacted fields, x- fields, redacted sections and the redact list for the public', () => {
    const original = structuredClone(data);
    const shown = caseForAudience(markdown(data), 'public')!;
    expect(shown.data.provenance).toBeUndefined();
    expect(shown.data.system).toEqual({ model: 'churn-xgb', environment: 'production' });
    expect(shown.data.root_causes).toEqual([{ layer: 'feature-engineering' }]);
    expect(shown.data.redact).toBeUndefined();
    expect('x-ticket' in shown.data).toBe(false);
    expect(shown.sections.map((s) => s.id)).toEqual(['impact']);
    expect(shown.body).not.toContain('vendor contract');
    expect(shown.body).toContain('Customers saw errors.');
    // The record itself is untouched: the internal build still needs it.
    expect(data).toEqual(original);
  });

  it('leaves internal and restricted cases out of a public build, and everything in an internal one', () => {
    for (const visibility of ['internal', 'restricted', undefined] as const) {
      const record = markdown(makeCase({ visibility }));
      expect(caseForAudience(record, 'public')).toBeUndefined();
      expect(caseForAudience(record, 'internal')).toBe(record);
    }
    expect(caseForAudience(markdown(data), 'internal')!.data).toBe(data);
  });

  it('keeps the body as written when no section is redacted', () => {
    const record = markdown(makeCase({ visibility: 'public', redact: ['provenance'] }));
    expect(caseForAudience(record, 'public')!.body).toBe(body);
  });
});

/** Everything a public build derives from a case, as one string: data, sections, search record. */
function published(record: CaseRecord): string {
  const [shown] = casesForAudience([record], 'public');
  if (!shown) return '';
  const exported = exportCatalog({ policy: {} } as never, [record], 'public');
  const html = shown.sections.map((s) => renderMarkdownFully(s.text)).join('\n');
  const search = JSON.stringify(
    searchRecordOf({ record: shown, history: [] } as never, { mode: new Map(), checklist: new Map() }),
  );
  return [JSON.stringify(exported), shown.body, html, search].join('\n');
}

const mdRecord = (data: FailureCase, text: string): CaseRecord => ({
  file: `cases/${data.id}-x.md`,
  format: 'markdown',
  data,
  body: text,
  bodyLine: 20,
  sections: sectionsOf(text, 20),
});
const yamlRecord = (data: FailureCase): CaseRecord => ({
  file: `cases/${data.id}-x.yaml`,
  format: 'yaml',
  data,
  body: '',
  bodyLine: 1,
  sections: Object.entries(data.narrative ?? {}).map(([id, text]) => ({ id, title: id, text, line: 0 })),
});

describe('a public build shows nothing redacted (issue 13, items 1, 2, 4, 6)', () => {
  const pub = (extra: Record<string, unknown>) => makeCase({ visibility: 'public', ...extra } as never);

  it('`redact: [narrative]` hides every section, in either format (item 1)', () => {
    const yaml = yamlRecord(
      pub({ redact: ['narrative'], narrative: { diagnosis: 'SECRET-A', impact: 'SECRET-B' } }),
    );
    expect(published(yaml)).not.toMatch(/SECRET/);
    expect(caseForAudience(yaml, 'public')!.sections).toEqual([]);
    const md = mdRecord(
      pub({ redact: ['narrative'] }),
      '## Impact\n\nSECRET-A\n\n## Diagnosis\n\nSECRET-B\n',
    );
    expect(published(md)).not.toMatch(/SECRET/);
    expect(caseForAudience(md, 'public')!.sections).toEqual([]);
    // The internal build keeps them.
    expect(caseForAudience(md, 'internal')!.sections.map((s) => s.id)).toEqual(['impact', 'diagnosis']);
  });

  // Each body has a section `hidden` by CommonMark (what the page renders) that a
  // line-by-line splitter kept inside the previous section.
  const bodies: Record<string, string> = {
    'a backtick line whose info string has backticks (no fence)':
      '## Impact\n\nShown.\n\n```a`b\n\n## Hidden\n\nSECRET\n',
    'a fence opened in a list item, closed by its end':
      '## Impact\n\n- item\n\n  ```\n  code\n\n## Hidden\n\nSECRET\n',
    'a setext heading': '## Impact\n\nShown.\n\nHidden\n------\n\nSECRET\n',
    'an indented ATX heading with a closing sequence': '## Impact\n\nShown.\n\n   ##   Hidden ##\nSECRET\n',
    'a tilde fence inside a quote': '## Impact\n\n> ~~~\n> x\n\n## Hidden\n\nSECRET\n',
  };
  for (const [name, text] of Object.entries(bodies)) {
    it(`splits sections as the renderer parses them: ${name} (item 2)`, () => {
      const record = mdRecord(pub({ redact: ['narrative.hidden'] }), text);
      expect(record.sections.map((s) => s.id)).toEqual(['impact', 'hidden']);
      expect(published(record)).not.toContain('SECRET');
      expect(published(record)).not.toContain('Hidden');
    });
  }

  it("keeps headings that are not the document's own sections inside their section", () => {
    const text =
      '## Impact\n\n> ## Quoted\n\n- ## Listed\n\n```\n## Fenced\n```\n\n    ## Indented code\n\n# Top\n\nText\n';
    expect(sectionsOf(text, 1).map((s) => s.id)).toEqual(['impact']);
  });

  it('leaves `x-` keys out at any depth, narrative sections included (item 6)', () => {
    const yaml = yamlRecord(
      pub({
        retraining_plan: { 'x-private': 'SECRET-1', summary: 'Retrain weekly.' },
        narrative: { impact: 'Shown.', 'x-internal': 'SECRET-2' },
        root_causes: [{ layer: 'feature-engineering', 'x-owner': 'SECRET-3' }],
        'x-ticket': 'SECRET-4',
      }),
    );
    expect(published(yaml)).not.toMatch(/SECRET/);
    expect(caseForAudience(yaml, 'public')!.sections.map((s) => s.id)).toEqual(['impact']);
    const md = mdRecord(pub({}), '## Impact\n\nShown.\n\n## X-Internal\n\nSECRET\n');
    expect(published(md)).not.toMatch(/SECRET/);
  });

  it('exports links to other cases only when the audience sees those cases (item 4)', () => {
    const shown = yamlRecord(
      makeCase({
        id: 'FC-0001',
        visibility: 'public',
        related: ['FC-0002', 'FC-0003'],
        supersedes: 'FC-0002',
        duplicate_of: 'FC-0003',
      }),
    );
    const internal = yamlRecord(makeCase({ id: 'FC-0002', visibility: 'internal' }));
    const other = yamlRecord(makeCase({ id: 'FC-0003', visibility: 'public' }));
    const doc = exportCatalog({ policy: {} } as never, [shown, internal, other], 'public');
    expect(JSON.stringify(doc)).not.toContain('FC-0002');
    expect(doc.cases[0]).toMatchObject({ id: 'FC-0001', related: ['FC-0003'], duplicate_of: 'FC-0003' });
    expect(doc.cases[0]!.supersedes).toBeUndefined();
    const all = exportCatalog({ policy: {} } as never, [shown, internal, other], 'internal');
    expect(all.cases[0]).toMatchObject({ related: ['FC-0002', 'FC-0003'], supersedes: 'FC-0002' });
  });
});

describe('exportCatalog and importCatalog', () => {
  it('round-trips a validated catalog through api/cases.json', async () => {
    const result = await validateCatalog(FIXTURE_CATALOG, fsReader, { keepRecords: true });
    const config = result.config as CatalogExport['config'];
    const internal = exportCatalog(config, result.cases, 'internal', '2025-07-01T00:00:00Z');
    expect(internal.version).toBe(EXPORT_VERSION);
    expect(internal.generated_at).toBe('2025-07-01T00:00:00Z');
    expect(internal.cases.map((c) => c.id)).toEqual(['FC-0001', 'FC-0002', 'FC-0003']);
    const publicExport = exportCatalog(config, result.cases, 'public');
    expect(publicExport.cases.map((c) => c.id)).toEqual(['FC-0001']);
    expect(publicExport.cases[0]!.sections.map((s) => s.id)).toEqual(['impact', 'diagnosis', 'follow-up']);

    const back = importCatalog(
      JSON.parse(JSON.stringify(internal)),
      'https://failcat.example.com/api/cases.json',
    );
    expect(back.config).toEqual(config);
    expect(back.cases.map((c) => [c.file, c.format])).toEqual(result.cases.map((c) => [c.file, c.format]));
    expect(back.cases.map((c) => c.data)).toEqual(result.cases.map((c) => c.data));
    expect(back.cases[1]!.sections).toEqual([
      {
        id: 'diagnosis',
        title: 'Diagnosis',
        text: 'The tenure column became constant after a cast in the ETL job.',
        line: 0,
      },
    ]);
  });

  it('writes the export in pieces that join to exactly its JSON, compact and indented', async () => {
    const result = await validateCatalog(FIXTURE_CATALOG, fsReader, { keepRecords: true });
    const config = result.config as CatalogExport['config'];
    const at = '2025-07-01T00:00:00Z';
    // The fixture's cases in reverse, so the export sorts them; and an audience that sees none.
    const reversed = [...result.cases].reverse();
    const restricted = result.cases.map((c) => ({ ...c, data: { ...c.data, visibility: 'restricted' } }));
    for (const [records, audience] of [
      [reversed, 'internal'],
      [reversed, 'public'],
      [restricted, 'public'],
    ] as const) {
      const doc = exportCatalog(config, records as CaseRecord[], audience, at);
      for (const indent of [0, 2] as const) {
        const json = exportCatalogJson(config, records as CaseRecord[], audience, {
          generatedAt: at,
          indent,
        });
        expect(json.cases).toBe(doc.cases.length);
        const pieces = [...json.chunks];
        expect(pieces.join('')).toBe(JSON.stringify(doc, null, indent));
        // A piece a case, besides the head and the end.
        expect(pieces.length).toBe(doc.cases.length === 0 ? 1 : doc.cases.length + 2);
      }
    }
  });

  it('refuses what is not an export, naming the source', () => {
    expect(() => importCatalog({ hello: 1 }, 'x.json')).toThrow(/x\.json is not a failcat catalog export/);
    expect(() => importCatalog(null, 'x.json')).toThrow(/not a failcat catalog export/);
    expect(() => importCatalog([], 'x.json')).toThrow(/not a failcat catalog export/);
    expect(() => importCatalog({ version: 99, config: { policy: {} }, cases: [] }, 'x.json')).toThrow(
      /export version 99/,
    );
  });

  it('fails closed on an export that does not match its schema, naming the first problems', async () => {
    const result = await validateCatalog(FIXTURE_CATALOG, fsReader, { keepRecords: true });
    const good = () =>
      JSON.parse(
        JSON.stringify(exportCatalog(result.config as CatalogExport['config'], result.cases, 'internal')),
      ) as CatalogExport & Record<string, unknown>;
    const refusal = (doc: unknown) => {
      try {
        importCatalog(doc, 'https://cat.example/api/cases.json');
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('imported');
    };
    // A case without its sections: the import read them and threw a TypeError.
    const noSections = good();
    delete (noSections.cases[1] as Partial<ExportedCase>).sections;
    expect(refusal(noSections)).toMatchInlineSnapshot(
      `"https://cat.example/api/cases.json is not a valid failcat catalog export (it does not match schemas/export.schema.json): Missing required field \`sections\` in \`cases[1]\`. Republish it with a failcat site build or \`failcat export\` from a catalog that validates."`,
    );
    // A glob list written as one string: the risk check iterated its characters.
    const oneGlob = good();
    (oneGlob.cases[0]!.safeguards![0]!.applies_to as Record<string, unknown>).models = 'm*';
    expect(refusal(oneGlob)).toContain(
      '`cases[0].safeguards[0].applies_to.models` must be a list, not string "m*".',
    );
    // A policy that is not one: the check answered level none and passed.
    const noPolicy = good();
    (noPolicy.config as Record<string, unknown>).policy = 'x';
    expect(refusal(noPolicy)).toContain('`config.policy` must be a mapping, not string "x".');
    // Many problems: the first five, and how many more.
    const broken = good();
    for (const c of broken.cases) {
      delete (c as Partial<ExportedCase>).file;
      delete (c as Partial<ExportedCase>).sections;
    }
    broken.audience = 'everyone' as never;
    expect(refusal(broken)).toMatch(
      /^https:\/\/cat\.example\/api\/cases\.json is not a valid .*\(and \d+ more\)/,
    );
  });

  it("fills the policy's schema defaults, as loading a folder does", async () => {
    const result = await validateCatalog(FIXTURE_CATALOG, fsReader, { keepRecords: true });
    const doc = JSON.parse(
      JSON.stringify(exportCatalog(result.config as CatalogExport['config'], result.cases, 'public')),
    ) as CatalogExport;
    delete doc.config.policy.default_audience;
    const back = importCatalog(doc, 'x.json');
    expect(back.config.policy.default_audience).toBe('internal');
    expect(back.audience).toBe('public');
  });
});

describe('the export schema', () => {
  const exportedCase = SCHEMAS.export.$defs.exportedCase;

  it('defines an exported case as every case field by reference, plus file and sections', () => {
    const fields = Object.keys(SCHEMAS.case.properties);
    expect(Object.keys(exportedCase.properties)).toEqual([...fields, 'file', 'sections']);
    for (const field of fields) {
      expect(exportedCase.properties[field as keyof typeof exportedCase.properties]).toEqual({
        $ref: `case.schema.json#/properties/${field}`,
      });
    }
    expect(exportedCase.required).toEqual([...SCHEMAS.case.required, 'file', 'sections']);
  });

  it('describes every property, itself or through the schema it refers to', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (node === null || typeof node !== 'object') return;
      const { properties } = node as { properties?: Record<string, { description?: string; $ref?: string }> };
      for (const [name, property] of Object.entries(properties ?? {})) {
        const described = property.description ?? (property.$ref ? described$ref(property.$ref) : undefined);
        if (!described) undescribed.push(`${where}.${name}`);
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${where}/${key}`);
    };
    walk(SCHEMAS.export, '#');
    expect(undescribed).toEqual([]);
  });
});

/** The description of the schema a `case.schema.json#/properties/x` reference names. */
function described$ref(ref: string): string | undefined {
  const m = /^case\.schema\.json#\/properties\/(\w+)$/.exec(ref);
  const property = m && (SCHEMAS.case.properties as Record<string, { description?: string }>)[m[1]!];
  return property?.description;
}
