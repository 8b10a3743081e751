/** Data-out renderers of the site: the CSV export and the Atom feed, both pure strings. */
import { escapeXml } from './charts.ts';
import { safeText } from '../model/text.ts';
import type { FailureCase } from '../model/schema-types.ts';

/** Columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'id',
  'title',
  'status',
  'severity',
  'occurred_at',
  'detected_at',
  'resolved_at',
  'model',
  'model_version',
  'environment',
  'failure_modes',
  'root_cause_layers',
  'data_sources',
  'tags',
  'users_affected',
  'events_affected',
  'visibility',
  'url',
] as const;

/** A character that makes a spreadsheet read a cell as a formula (full-width forms too). */
const FORMULA_START = /^\s*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** A cell's text that no spreadsheet runs: a leading formula character gets an apostrophe. */
function inert(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One CSV field per RFC 4180, safe in a spreadsheet whatever separator it splits on:
 * list items are joined with `;`, every piece that follows a `,`, `;`, tab or line end
 * (where a spreadsheet splitting on it would start a cell) is made inert like the field
 * itself, and a field holding a quote, `,`, `;` or line end is quoted. Characters no
 * output can carry become U+FFFD.
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = safeText(Array.isArray(value) ? value.map((v) => inert(String(v))).join(';') : String(value));
  const cell = text
    .split(/(?<=[,;\t\r\n])/)
    .map(inert)
    .join('');
  return /[",;\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** The catalog as CSV, one row per case; `urlOf` gives each case page's absolute or site URL. */
export function renderCsv(cases: readonly FailureCase[], urlOf: (id: string) => string): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const c of cases) {
    const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      id: c.id,
      title: c.title,
      status: c.status,
      severity: c.severity,
      occurred_at: c.occurred_at,
      detected_at: c.detected_at,
      resolved_at: c.resolved_at,
      model: c.system?.model,
      model_version: c.system?.model_version,
      environment: c.system?.environment,
      failure_modes: c.failure_modes,
      root_cause_layers: [...new Set((c.root_causes ?? []).map((r) => r.layer))],
      data_sources: c.data?.sources,
      tags: c.tags,
      users_affected: c.impact?.users_affected,
      events_affected: c.impact?.events_affected,
      visibility: c.visibility,
      url: urlOf(c.id),
    };
    rows.push(CSV_COLUMNS.map((k) => csvField(values[k])).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

/** Input of the Atom feed. */
export interface FeedInput {
  title: string;
  /** Absolute URL of the feed document itself. */
  feedUrl: string;
  /** Absolute URL of the site's home page. */
  siteUrl: string;
  /** Absolute URL of a case page. */
  caseUrl: (id: string) => string;
  /** Newest first; the feed keeps the first `limit`. */
  cases: readonly FailureCase[];
  /** When a case last changed (from git), else its resolved/detected/occurred date. */
  updatedOf?: (c: FailureCase) => string | undefined;
  limit?: number;
}

/** An RFC 3339 timestamp from an ISO 8601 date or date-time, as Atom requires. */
export function toRfc3339(value: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? '1970-01-01T00:00:00Z' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The Atom feed of the most recent cases. */
export function renderAtom(input: FeedInput): string {
  const cases = input.cases.slice(0, input.limit ?? 50);
  const stamp = (c: FailureCase) =>
    toRfc3339(input.updatedOf?.(c) ?? c.resolved_at ?? c.detected_at ?? c.occurred_at);
  const updated = cases.map(stamp).sort().at(-1) ?? '1970-01-01T00:00:00Z';
  // Atom ids must be absolute IRIs; without a known site URL, fall back to stable URNs.
  const isAbsolute = (url: string) => /^[a-z][a-z0-9+.-]*:/i.test(url);
  const entries = cases.map((c) => {
    const url = input.caseUrl(c.id);
    const id = isAbsolute(url) ? url : `urn:failcat:case:${encodeURIComponent(c.id)}`;
    const categories = [c.severity, c.status, ...(c.failure_modes ?? [])]
      .map((t) => `<category term="${escapeXml(t)}"/>`)
      .join('');
    return (
      `<entry><id>${escapeXml(id)}</id><title>${escapeXml(`${c.id}: ${c.title}`)}</title>` +
      `<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>` +
      `<published>${toRfc3339(c.occurred_at)}</published><updated>${stamp(c)}</updated>` +
      `${categories}<summary>${escapeXml(c.summary)}</summary></entry>`
    );
  });
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">` +
    `<id>${escapeXml(isAbsolute(input.feedUrl) ? input.feedUrl : 'urn:failcat:feed')}</id><title>${escapeXml(input.title)}</title>` +
    `<link rel="self" type="application/atom+xml" href="${escapeXml(input.feedUrl)}"/>` +
    `<link rel="alternate" type="text/html" href="${escapeXml(input.siteUrl)}"/>` +
    `<updated>${updated}</updated><author><name>${escapeXml(input.title)}</name></author>` +
    `<generator>failcat</generator>${entries.join('')}</feed>\n`
  );
}
