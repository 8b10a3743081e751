/**
 * The search index's record of a case, built from the same audience-filtered, redacted
 * case the pages render: Pagefind indexes these records (its `addCustomRecord`) rather
 * than parsing thousands of built pages. The text is what a case page's postmortem shows,
 * the filters are the case list's facets, the meta is what a search result shows.
 */
import type { CatalogConfig } from '../validate/config.ts';
import { markdownToText } from './markdown.ts';
import { safeText } from '../model/text.ts';
import { facetValuesOf, type FacetKey, type SiteCase } from './site-model.ts';

/** One Pagefind custom record. */
export interface SearchRecord {
  /** Site-relative URL without the base path (`/cases/FC-0001/`); the search client adds the base. */
  url: string;
  content: string;
  language: string;
  /** `title` (id and title) and `date` (YYYY-MM-DD of occurred_at). */
  meta: { title: string; date: string };
  filters: Record<FacetKey, string[]>;
}

/** Names the record text uses for ids, looked up once per build (see `searchLabels`). */
export interface SearchLabels {
  mode: Map<string, string>;
  checklist: Map<string, string>;
}

/** The names of failure modes and checklist items in a catalog's configuration. */
export function searchLabels(config: CatalogConfig): SearchLabels {
  return {
    mode: new Map((config.taxonomy?.failure_modes ?? []).map((m) => [m.id, m.name])),
    checklist: new Map((config.checklist?.items ?? []).map((i) => [i.id, i.title])),
  };
}

/**
 * The search record of one case (already filtered and redacted for the audience). Its
 * text is the case's words: title, summary, narrative and every prose field, then one
 * line of the names a reader may search for (model, components, data sources, features,
 * tags, failure modes, detection). Status, severity and layer are left to the filters:
 * Pagefind's time grows with the words it indexes, and those words are facets already.
 */
export function searchRecordOf(entry: SiteCase, labels: SearchLabels): SearchRecord {
  const d = entry.record.data;
  const lines: string[] = [];
  const add = (...parts: (string | number | undefined | null | false)[]) => {
    const text = parts.filter((p) => p !== undefined && p !== null && p !== false && p !== '').join(' ');
    if (text) lines.push(text);
  };
  add(d.title);
  add(d.summary);
  for (const s of entry.record.sections) add(markdownToText(s.text));
  add(d.severity_rationale);
  if (d.expected) {
    add(d.expected.objective);
    for (const k of d.expected.kpis ?? []) add(k);
    add(d.expected.accepted_risk);
  }
  add(d.impact?.description);
  for (const t of d.timeline ?? []) add(t.event);
  for (const r of d.root_causes ?? []) add(r.description);
  for (const w of d.what_went_well ?? []) add(w);
  for (const a of d.corrective_actions ?? []) add(a.action, a.owner);
  for (const l of d.lessons_learned ?? []) add(l);
  for (const s of d.safeguards ?? []) add(labels.checklist.get(s.check) ?? s.check, s.note);
  for (const t of d.regression_tests ?? []) add(t.id, t.description, t.path);
  for (const plan of [d.retraining_plan, d.evaluation_plan]) if (plan) add(...leafText(plan));
  for (const e of d.evidence?.examples ?? []) add(e.ref, e.note);
  for (const l of d.evidence?.links ?? []) add(l.title);
  // Computed evidence: the slices that fall below the whole, and the hard examples by reference.
  for (const s of d.evidence?.slice_metrics ?? [])
    if (s.flags?.some((f) => f === 'precision-below' || f === 'recall-below' || f === 'fpr-above'))
      add(s.column, s.value);
  for (const e of d.evidence?.hard_examples ?? []) add(e.ref);
  const names = [
    d.system?.model,
    d.system?.model_version,
    ...(d.system?.components ?? []),
    ...(d.data?.sources ?? []),
    ...(d.data?.features ?? []),
    ...(d.tags ?? []),
    ...(d.failure_modes ?? []).map((m) => labels.mode.get(m) ?? m),
    d.detection?.method,
    d.detection?.detected_by,
  ];
  add(names.filter((n) => n).join(', '));
  // The indexer takes well-formed Unicode only (a lone surrogate stopped the build).
  const filters = Object.fromEntries(
    Object.entries(facetValuesOf(d)).map(([k, values]) => [k, values.map(safeText)]),
  ) as SearchRecord['filters'];
  return {
    url: `/cases/${encodeURIComponent(d.id)}/`,
    content: safeText(segmentCjk(lines.join('\n'))),
    language: 'en',
    meta: { title: safeText(`${d.id}: ${d.title}`), date: d.occurred_at.slice(0, 10) },
    filters,
  };
}

/** A run of Chinese or Japanese script, which writes no spaces between words. */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005]+/gu;
let segmenter: Intl.Segmenter | undefined;

/**
 * Puts spaces between the words of Chinese and Japanese text (ICU's dictionary word break,
 * through Intl.Segmenter): Pagefind splits the records' text at spaces, so without this a
 * whole CJK sentence is one word and a word in its middle is never found. One index for
 * every case keeps search across languages from one box; per-language indexes would not.
 */
export function segmentCjk(text: string): string {
  CJK_RUN.lastIndex = 0;
  if (!CJK_RUN.test(text)) return text;
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const words = segmenter;
  return text.replace(CJK_RUN, (run) => ` ${[...words.segment(run)].map((s) => s.segment).join(' ')} `);
}

/** The strings and numbers inside a free-form value (a plan), in order. */
function leafText(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) leafText(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) leafText(v, out);
  return out;
}

/**
 * Cases per search bundle. Pagefind holds a whole index in memory while it builds it
 * (about 130 KB a case), so a large catalog is indexed as several bundles, one after the
 * other, which the search client merges (Pagefind's `mergeIndex`).
 */
export const SEARCH_SHARD_SIZE = 5000;

/**
 * The site-relative folders of the search bundles for a number of cases, the first being
 * Pagefind's usual `pagefind/`; the others are merged into it when search starts.
 */
export function searchBundles(cases: number, shardSize = SEARCH_SHARD_SIZE): string[] {
  const count = Math.max(1, Math.ceil(cases / shardSize));
  return Array.from({ length: count }, (_, i) => (i === 0 ? 'pagefind/' : `pagefind/shards/${i}/`));
}
