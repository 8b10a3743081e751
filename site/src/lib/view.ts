/** Small display helpers shared by the pages. */
import { escapeXml } from '../../../core/publish/charts.ts';
import { renderMarkdown } from '../../../core/publish/markdown.ts';
import { searchBundles } from '../../../core/publish/search-index.ts';
import settings from 'virtual:failcat/settings';
import type { Site } from './model.ts';

/** CSS class of a severity badge: its rank in the policy, capped to the four styled ranks. */
export function severityClass(site: Site, severity: string): string {
  const rank = (site.config.policy?.severities ?? []).findIndex((s) => s.id === severity);
  return `badge sev-${Math.min(3, Math.max(0, rank))}`;
}

/** The label of a severity: `SEV1 Critical`. */
export function severityLabel(site: Site, severity: string): string {
  const s = site.config.policy?.severities.find((x) => x.id === severity);
  return s ? `${s.id} ${s.label}` : severity;
}

/** A date for people: the day of an ISO date or date-time. */
export function day(value: string | undefined): string {
  return value ? value.slice(0, 10) : '';
}

/** Name of a failure mode id. */
export function modeName(site: Site, id: string): string {
  return site.config.taxonomy?.failure_modes.find((m) => m.id === id)?.name ?? id;
}

/** Name of a root-cause layer id. */
export function layerName(site: Site, id: string): string {
  return site.config.taxonomy?.root_cause_layers.find((m) => m.id === id)?.name ?? id;
}

/** Hours as a readable duration. */
export function duration(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return 'n/a';
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

/** An ISO date-time for people: `2025-06-14 02:00 -05:00`; anything else unchanged. */
export function when(value: string): string {
  return value.replace(
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::00(?:\.0+)?(?=\D|$))?(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/,
    (_m, date: string, hm: string, sec: string | undefined, tz: string | undefined) =>
      `${date} ${hm}${sec ?? ''}${tz ? ` ${tz === 'Z' ? 'UTC' : tz}` : ''}`,
  );
}

/**
 * Cases per page of the case list: the list page renders the first page, static pages
 * (`cases/page/2/`, ...) hold the rest for readers without JavaScript, and the filter
 * script shows matches a page at a time. A setting (the browser tests page a four-case catalog).
 */
export const LIST_PAGE_SIZE = settings.listPageSize;

/** Values a facet of the case list shows; the rest are found through its filter box. */
export const FACET_TOP = settings.facetTop;

/** The search bundles Pagefind merges beyond its first, as a data attribute's value (site-relative, space-separated). */
export function extraSearchBundles(site: Site): string {
  return searchBundles(site.cases.length, settings.searchShardSize).slice(1).join(' ');
}

/** Number of list pages for a number of cases (at least one). */
export function listPageCount(cases: number): number {
  return Math.max(1, Math.ceil(cases / LIST_PAGE_SIZE));
}

/**
 * Case narrative sections as sanitized HTML (case Markdown is untrusted input), each in
 * a `div.narrative#n-<id>`, with its own title when `headings` is set. A string rather
 * than a component: a case page places up to seven of these, and at 10,000 pages
 * Astro's per-component cost adds up.
 */
export function narrativeHtml(
  sections: readonly { id: string; title: string; text: string }[],
  headings = false,
): string {
  return sections
    .map(
      (s) =>
        `<div class="narrative" id="n-${escapeXml(s.id)}">` +
        (headings ? `<h3>${escapeXml(s.title)}</h3>` : '') +
        `${renderMarkdown(s.text)}</div>`,
    )
    .join('');
}
