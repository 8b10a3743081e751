/**
 * The catalog as data for other tools: audience filtering and redaction (what a public
 * build may show), and the `api/cases.json` document that the site publishes and
 * `failcat check --catalog URL` reads back.
 */
import type { CaseRecord } from '../validate/catalog.ts';
import type { CatalogConfig } from '../validate/config.ts';
import type { FailureCase } from '../model/schema-types.ts';
import type { Section } from '../parse/source.ts';

/** Who a build is for: public leaves out non-public cases and redacted fields. */
export type Audience = 'public' | 'internal';

/** Version of the export format; bumped on breaking changes. */
export const EXPORT_VERSION = 1;

/** One case in the export: its fields, plus where it lives and its narrative. */
export interface ExportedCase extends FailureCase {
  /** Path of the case file in the catalog repository. */
  file: string;
  /** Markdown narrative sections (the body of a Markdown case, `narrative` of a YAML case). */
  sections: Pick<Section, 'id' | 'title' | 'text'>[];
}

/** The `api/cases.json` document. */
export interface CatalogExport {
  version: number;
  generated_at: string;
  audience: Audience;
  config: Required<Pick<CatalogConfig, 'policy' | 'taxonomy' | 'checklist'>>;
  cases: ExportedCase[];
}

/** Whether a case may appear in a build for the audience. */
export function isVisibleTo(data: FailureCase, audience: Audience): boolean {
  return audience === 'internal' || (data.visibility ?? 'internal') === 'public';
}

/** Removes a dotted path from an object (in place). Paths through lists apply to every item. */
function removePath(value: unknown, parts: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) removePath(item, parts);
    return;
  }
  const [head, ...rest] = parts;
  if (head === undefined || !Object.hasOwn(value, head)) return;
  if (rest.length === 0) delete (value as Record<string, unknown>)[head];
  else removePath((value as Record<string, unknown>)[head], rest);
}

/**
 * The case as the audience may see it: undefined when the case is not for them; for a
 * public audience, a copy without the fields named in `redact` (narrative.<id> drops a
 * section), `x-` extension fields, and the redact list itself.
 */
export function caseForAudience(record: CaseRecord, audience: Audience): CaseRecord | undefined {
  if (!isVisibleTo(record.data, audience)) return undefined;
  if (audience === 'internal') return record;
  const data = structuredClone(record.data) as FailureCase & Record<string, unknown>;
  const hidden = data.redact ?? [];
  for (const path of hidden) removePath(data, path.split('.'));
  for (const key of Object.keys(data)) if (key.startsWith('x-')) delete data[key];
  delete data.redact;
  const hiddenSections = new Set(
    hidden.filter((p) => p.startsWith('narrative.')).map((p) => p.slice('narrative.'.length)),
  );
  const sections = record.sections.filter((s) => !hiddenSections.has(s.id));
  const body =
    hiddenSections.size > 0 ? sections.map((s) => `## ${s.title}\n\n${s.text}`).join('\n\n') : record.body;
  return { ...record, data, sections, body };
}

/** Builds the export document for an audience from validated cases. */
export function exportCatalog(
  config: CatalogExport['config'],
  cases: readonly CaseRecord[],
  audience: Audience,
  generatedAt = new Date().toISOString(),
): CatalogExport {
  const exported: ExportedCase[] = [];
  for (const record of cases) {
    const shown = caseForAudience(record, audience);
    if (!shown) continue;
    exported.push({
      ...shown.data,
      file: shown.file,
      sections: shown.sections.map(({ id, title, text }) => ({ id, title, text })),
    });
  }
  exported.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { version: EXPORT_VERSION, generated_at: generatedAt, audience, config, cases: exported };
}

/**
 * Reads an export document back into configuration and case records, so a published
 * catalog can stand in for a catalog folder. Throws with a clear message on a document
 * that is not a failcat export.
 */
export function importCatalog(
  json: unknown,
  source: string,
): { config: CatalogExport['config']; cases: CaseRecord[] } {
  const doc = json as Partial<CatalogExport> | null;
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.cases) || !doc.config?.policy) {
    throw new Error(
      `${source} is not a failcat catalog export (expected {version, config, cases} as served at api/cases.json).`,
    );
  }
  if (doc.version !== EXPORT_VERSION) {
    throw new Error(
      `${source} has export version ${String(doc.version)}; this failcat reads version ${EXPORT_VERSION}.`,
    );
  }
  const cases = doc.cases.map(({ file, sections, ...data }): CaseRecord => {
    const format = /\.(md|markdown)$/i.test(file) ? 'markdown' : 'yaml';
    return {
      file,
      format,
      data: data as FailureCase,
      body: format === 'markdown' ? sections.map((s) => `## ${s.title}\n\n${s.text}`).join('\n\n') : '',
      bodyLine: 1,
      sections: sections.map((s) => ({ ...s, line: 0 })),
    };
  });
  return { config: doc.config, cases };
}
