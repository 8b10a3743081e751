/**
 * The catalog as data for other tools: audience filtering and redaction (what a public
 * build may show), and the `api/cases.json` document that the site publishes and
 * `failcat check --catalog URL` reads back.
 */
import type { CaseRecord } from '../validate/catalog.ts';
import type { CatalogExport, ExportedCase, FailureCase } from '../model/schema-types.ts';
import { SCHEMAS, validateSchema } from '../model/schemas.ts';
import type { CatalogConfig } from '../validate/config.ts';

export type { CatalogExport, ExportedCase };

/** Who a build is for: public leaves out non-public cases and redacted fields. */
export type Audience = CatalogExport['audience'];

/** Version of the export format; bumped on breaking changes. */
export const EXPORT_VERSION: CatalogExport['version'] = 1;

/** Problems of an imported document named in the error, before "and N more". */
const SHOWN_PROBLEMS = 5;

/**
 * The audience of a build: the one asked for, or else the policy's `default_audience`
 * (filled in by its schema when the file leaves it out).
 */
export function audienceFor(config: CatalogConfig, requested?: Audience): Audience {
  return requested ?? config.policy?.default_audience ?? NO_POLICY_AUDIENCE;
}

// Only a catalog without a valid policy has no default_audience; it gets the schema's.
const NO_POLICY_AUDIENCE = SCHEMAS.policy.properties.default_audience.default as Audience;

/** Whether a case may appear in a build for the audience. */
export function isVisibleTo(data: FailureCase, audience: Audience): boolean {
  return audience === 'internal' || (data.visibility ?? 'internal') === 'public';
}

/** Removes a dotted path from an object (in place). Paths through lists apply to every item. */
function removePath(value: unknown, parts: readonly string[]): void {
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

/** Whether a key is an extension (`x-`): never published, at any depth. */
export function isExtensionKey(key: string): boolean {
  return key.startsWith('x-');
}

/** Removes every `x-` key at any depth (in place). */
function removeExtensions(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) removeExtensions(item);
    return;
  }
  for (const key of Object.keys(value)) {
    if (isExtensionKey(key)) delete (value as Record<string, unknown>)[key];
    else removeExtensions((value as Record<string, unknown>)[key]);
  }
}

/** The fields of a case that name other cases. */
const CASE_LINKS = ['related', 'supersedes', 'duplicate_of'] as const;

/**
 * The case as the audience may see it: undefined when the case is not for them; for a
 * public audience, a copy of the document with the `redact` paths, every `x-` key (at
 * any depth) and the redact list removed, then its sections taken from what is left:
 * the narrative is one more part of the document (a Markdown case's `## ` sections are
 * its `narrative.<id>` entries), so `narrative` or `narrative.<id>` hides text wherever
 * it would appear (page, export, search index). `shownIds` (the ids the build shows)
 * keeps links to other cases from naming a case the audience does not see.
 */
export function caseForAudience(
  record: CaseRecord,
  audience: Audience,
  shownIds?: ReadonlySet<string>,
): CaseRecord | undefined {
  if (!isVisibleTo(record.data, audience)) return undefined;
  if (audience === 'internal') return record;
  const data = structuredClone(record.data) as FailureCase & Record<string, unknown>;
  const hidden = (data.redact ?? []).map((path) => path.split('.'));
  delete data.redact;
  // A Markdown case's sections stand in its document as narrative entries.
  const written = data.narrative;
  if (record.format === 'markdown') {
    data.narrative = { ...written, ...Object.fromEntries(record.sections.map((s) => [s.id, s.text])) };
  }
  for (const path of hidden) removePath(data, path);
  removeExtensions(data);
  const narrative = data.narrative ?? {};
  const sections = record.sections.filter((s) => Object.hasOwn(narrative, s.id));
  if (record.format === 'markdown') {
    if (written && data.narrative) {
      data.narrative = Object.fromEntries(
        Object.entries(written).filter(([id]) => Object.hasOwn(narrative, id)),
      );
    } else delete data.narrative;
  }
  if (shownIds) {
    for (const key of CASE_LINKS) {
      const value = data[key];
      if (Array.isArray(value)) {
        const kept = value.filter((id) => shownIds.has(id));
        if (kept.length > 0) data[key] = kept as never;
        else delete data[key];
      } else if (typeof value === 'string' && !shownIds.has(value)) delete data[key];
    }
  }
  const body =
    record.format !== 'markdown' || sections.length === record.sections.length
      ? record.body
      : sections.map((s) => `## ${s.title}\n\n${s.text}`).join('\n\n');
  return { ...record, data, sections, body };
}

/**
 * The cases an audience may see, each as `caseForAudience` gives it, with links to other
 * cases (related, supersedes, duplicate_of) only to cases in the same list.
 */
export function casesForAudience(records: readonly CaseRecord[], audience: Audience): CaseRecord[] {
  const shownIds = new Set(records.filter((r) => isVisibleTo(r.data, audience)).map((r) => r.data.id));
  return records.flatMap((record) => caseForAudience(record, audience, shownIds) ?? []);
}

/** A case as the export document holds it. */
function exportedCase(shown: CaseRecord): ExportedCase {
  return {
    ...shown.data,
    file: shown.file,
    sections: shown.sections.map(({ id, title, text }) => ({ id, title, text })),
  };
}

/** The cases an audience may see, in the export's order (by id). */
function exportedRecords(cases: readonly CaseRecord[], audience: Audience): CaseRecord[] {
  const id = (r: CaseRecord) => r.data.id;
  return casesForAudience(cases, audience).sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/** Builds the export document for an audience from validated cases. */
export function exportCatalog(
  config: CatalogExport['config'],
  cases: readonly CaseRecord[],
  audience: Audience,
  generatedAt = new Date().toISOString(),
): CatalogExport {
  const exported = exportedRecords(cases, audience).map(exportedCase);
  return { version: EXPORT_VERSION, generated_at: generatedAt, audience, config, cases: exported };
}

/**
 * The export document as JSON text in pieces, a case at a time (`chunks`): joined, exactly
 * `JSON.stringify(exportCatalog(...), null, indent)`. At 100,000 cases the document is
 * about 400 MB, close to the longest string JavaScript can hold (2^29 characters), so it is
 * never made as one string, and each case's object is made only while it is written.
 * `cases` is how many cases the document holds.
 */
export function exportCatalogJson(
  config: CatalogExport['config'],
  cases: readonly CaseRecord[],
  audience: Audience,
  options: { generatedAt?: string; indent?: 0 | 2 } = {},
): { cases: number; chunks: Generator<string> } {
  const { generatedAt = new Date().toISOString(), indent = 0 } = options;
  const records = exportedRecords(cases, audience);
  const head: CatalogExport = {
    version: EXPORT_VERSION,
    generated_at: generatedAt,
    audience,
    config,
    cases: [],
  };
  function* chunks(): Generator<string> {
    const empty = JSON.stringify(head, null, indent);
    if (records.length === 0) {
      yield empty;
      return;
    }
    // `cases` is the last key: its `[]` is where the cases go, before the closing brace.
    // Inside the array a case sits two levels deep: each of its lines gains two indents.
    const pad = indent ? `\n${' '.repeat(indent * 2)}` : '';
    const close = indent ? `\n${' '.repeat(indent)}]\n}` : ']}';
    yield `${empty.slice(0, empty.length - (indent ? 4 : 3))}[${pad}`;
    for (const [i, record] of records.entries()) {
      const json = JSON.stringify(exportedCase(record), null, indent);
      yield (i > 0 ? `,${pad}` : '') + (indent ? json.replaceAll('\n', pad) : json);
    }
    yield close;
  }
  return { cases: records.length, chunks: chunks() };
}

/**
 * Reads an export document back into configuration and case records, so a published
 * catalog can stand in for a catalog folder. The document is checked against
 * schemas/export.schema.json first (filling its defaults, as loading a folder does): on
 * anything else this throws, naming `source` and the first problems, so a broken or
 * foreign document never reaches the risk check.
 */
export function importCatalog(
  json: unknown,
  source: string,
): { config: CatalogExport['config']; cases: CaseRecord[]; audience: Audience } {
  const doc = json as Partial<Record<keyof CatalogExport, unknown>> | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !('config' in doc && 'cases' in doc)) {
    throw new Error(
      `${source} is not a failcat catalog export: expected a JSON object with version, config and cases, as a failcat site serves at api/cases.json.`,
    );
  }
  if (typeof doc.version === 'number' && doc.version !== EXPORT_VERSION) {
    throw new Error(
      `${source} has export version ${doc.version}; this failcat reads version ${EXPORT_VERSION}. Use the failcat release that published it, or republish the catalog with this one.`,
    );
  }
  const problems = validateSchema('export', source, json);
  if (problems.length > 0) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => p.message);
    const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
    throw new Error(
      `${source} is not a valid failcat catalog export (it does not match schemas/export.schema.json): ${shown.join(' ')}${more} Republish it with a failcat site build or \`failcat export\` from a catalog that validates.`,
    );
  }
  const { config, cases, audience } = json as CatalogExport;
  const records = cases.map(({ file, sections, ...data }): CaseRecord => {
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
  return { config, cases: records, audience };
}
