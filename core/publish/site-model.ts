/**
 * Everything the site's pages derive from the catalog, computed once per build: facets
 * and their counts, the cases under each taxonomy term, model and checklist item,
 * similar cases, open actions and the dashboard series. Pages only look things up, so
 * a page costs the same at 100 cases as at 100,000.
 */
import type { CaseRecord } from '../validate/catalog.ts';
import type { CatalogConfig } from '../validate/config.ts';
import type { HistoryEntry } from './history.ts';
import { parseDate } from '../model/dates.ts';
import type { FailureCase } from '../model/schema-types.ts';
import { exactSimilarity, findSimilarPairs, textFingerprint } from '../validate/similarity.ts';
import { slugify } from '../model/text.ts';
import { computeStats, hoursBetween, isOpenAction, median, type CatalogStats } from './stats.ts';

/** A case as the site receives it: already filtered and redacted for the audience. */
export interface SiteCase {
  record: CaseRecord;
  /** Commits touching the case file, newest first; empty outside a git repository. */
  history: HistoryEntry[];
}

/** The facets of the case list, in display order. */
export const FACETS = [
  { key: 'severity', label: 'Severity' },
  { key: 'status', label: 'Status' },
  { key: 'mode', label: 'Failure mode' },
  { key: 'layer', label: 'Root-cause layer' },
  { key: 'model', label: 'Model' },
  { key: 'source', label: 'Data source' },
] as const;

/** A facet key (also the URL query parameter and the Pagefind filter name). */
export type FacetKey = (typeof FACETS)[number]['key'];

/** One value of a facet with its label and number of cases. */
export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

/** The values of one case for each facet. */
export function facetValuesOf(data: FailureCase): Record<FacetKey, string[]> {
  return {
    severity: [data.severity],
    status: [data.status],
    mode: data.failure_modes ?? [],
    layer: [...new Set((data.root_causes ?? []).map((r) => r.layer))],
    model: data.system?.model ? [data.system.model] : [],
    source: data.data?.sources ?? [],
  };
}

/** An open corrective action with the case it belongs to. */
export interface OpenAction {
  caseId: string;
  caseTitle: string;
  severity: string;
  category: string;
  action: string;
  owner: string;
  due?: string;
  status: string;
  overdue: boolean;
}

/** A similar case and its Jaccard similarity on title, summary and classification tokens. */
export interface SimilarCase {
  id: string;
  similarity: number;
}

/** A named group of cases (a failure mode, a layer, a model, a checklist item). */
export interface Group {
  /** URL segment. */
  slug: string;
  id: string;
  name: string;
  description?: string;
  caseIds: string[];
}

/** The dashboard's series. */
export interface Dashboard {
  modes: string[];
  layers: string[];
  /** modeByLayer[mode][layer]: cases with that failure mode and a root cause at that layer. */
  modeByLayer: number[][];
  /** Periods (YYYY-MM, or YYYY when the catalog spans more than four years). */
  periods: string[];
  /** Cases per period for each severity, most severe first. */
  bySeverity: { name: string; values: number[] }[];
  /** Median hours per period. */
  hoursToDetect: (number | null)[];
  hoursToResolve: (number | null)[];
  topModels: { label: string; value: number }[];
}

/** The derived site model. */
export interface SiteModel {
  config: CatalogConfig;
  /** Every case, newest first (by occurred_at, then id). */
  cases: SiteCase[];
  byId: Map<string, SiteCase>;
  stats: CatalogStats;
  facets: Record<FacetKey, FacetValue[]>;
  failureModes: Group[];
  layers: Group[];
  models: Group[];
  checklist: Group[];
  /** Slug of a model's page, by model name. */
  modelSlug: Map<string, string>;
  similar: Map<string, SimilarCase[]>;
  openActions: OpenAction[];
  dashboard: Dashboard;
}

/** Number of similar cases shown on a case page. */
const SIMILAR_LIMIT = 5;
/** Least estimated similarity for a similar-case candidate (MinHash LSH), and least Jaccard shown. */
const SIMILAR_CANDIDATE = 0.2;
const SIMILAR_MIN = 0.15;

function push(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

/** The words two cases are compared on: title, summary, failure modes, tags, model. */
function similarityText(data: FailureCase): string {
  return [
    data.title,
    data.summary,
    ...(data.failure_modes ?? []),
    ...(data.tags ?? []),
    data.system?.model ?? '',
  ].join(' ');
}

/** Unique URL slugs for names, stable in the order given. */
function uniqueSlugs(names: readonly string[]): Map<string, string> {
  const slugs = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    const base = slugify(name) || 'item';
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    slugs.set(name, slug);
  }
  return slugs;
}

function byCount(a: FacetValue, b: FacetValue): number {
  return b.count - a.count || a.label.localeCompare(b.label);
}

/** The period of a date: YYYY-MM, or YYYY when `yearly`. */
function periodOf(date: string, yearly: boolean): string {
  return yearly ? date.slice(0, 4) : date.slice(0, 7);
}

function periodsBetween(first: string, last: string, yearly: boolean): string[] {
  const out: string[] = [];
  if (yearly) {
    for (let y = Number(first); y <= Number(last); y++) out.push(String(y));
    return out;
  }
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Builds the site model as of `today` (YYYY-MM-DD) from the audience's cases. */
export function buildSiteModel(
  config: CatalogConfig,
  input: readonly SiteCase[],
  today: string,
  /** findSimilarCases of the cases, when it was computed before (the site build does it before Astro starts). */
  similar?: Map<string, SimilarCase[]>,
): SiteModel {
  // Each date is parsed once, not once per comparison.
  const occurred = new Map(input.map((c) => [c, parseDate(c.record.data.occurred_at) ?? 0]));
  const cases = [...input].sort(
    (a, b) => occurred.get(b)! - occurred.get(a)! || a.record.data.id.localeCompare(b.record.data.id),
  );
  const byId = new Map(cases.map((c) => [c.record.data.id, c]));
  const now = parseDate(today) ?? Date.now();

  const severityLabel = new Map((config.policy?.severities ?? []).map((s) => [s.id, s.label]));
  const severityOrder = (config.policy?.severities ?? []).map((s) => s.id);
  const modeNames = new Map((config.taxonomy?.failure_modes ?? []).map((m) => [m.id, m.name]));
  const layerNames = new Map((config.taxonomy?.root_cause_layers ?? []).map((m) => [m.id, m.name]));
  const checkNames = new Map((config.checklist?.items ?? []).map((m) => [m.id, m.title]));
  const labelOf: Record<FacetKey, (v: string) => string> = {
    severity: (v) => (severityLabel.has(v) ? `${v} ${severityLabel.get(v)}` : v),
    status: (v) => v,
    mode: (v) => modeNames.get(v) ?? v,
    layer: (v) => layerNames.get(v) ?? v,
    model: (v) => v,
    source: (v) => v,
  };

  const counts = Object.fromEntries(FACETS.map((f) => [f.key, new Map<string, number>()])) as Record<
    FacetKey,
    Map<string, number>
  >;
  const casesByMode = new Map<string, string[]>();
  const casesByLayer = new Map<string, string[]>();
  const casesByModel = new Map<string, string[]>();
  const casesByCheck = new Map<string, string[]>();
  const openActions: OpenAction[] = [];
  for (const { record } of cases) {
    const data = record.data;
    const values = facetValuesOf(data);
    for (const f of FACETS)
      for (const v of values[f.key]) counts[f.key].set(v, (counts[f.key].get(v) ?? 0) + 1);
    for (const mode of values.mode) push(casesByMode, mode, data.id);
    for (const layer of values.layer) push(casesByLayer, layer, data.id);
    for (const model of values.model) push(casesByModel, model, data.id);
    for (const check of new Set((data.safeguards ?? []).map((s) => s.check)))
      push(casesByCheck, check, data.id);
    for (const action of data.corrective_actions ?? []) {
      if (!isOpenAction(action.status)) continue;
      const due = action.due ? parseDate(action.due) : undefined;
      openActions.push({
        caseId: data.id,
        caseTitle: data.title,
        severity: data.severity,
        category: action.category,
        action: action.action,
        owner: action.owner,
        due: action.due,
        status: action.status,
        overdue: due !== undefined && due < now,
      });
    }
  }
  const dueTimes = new Map(openActions.map((a) => [a, a.due ? (parseDate(a.due) ?? Infinity) : Infinity]));
  const dueOf = (a: OpenAction) => dueTimes.get(a)!;
  openActions.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) || dueOf(a) - dueOf(b) || a.caseId.localeCompare(b.caseId),
  );

  const facets = Object.fromEntries(
    FACETS.map((f) => {
      const list = [...counts[f.key]].map(([value, count]) => ({
        value,
        label: labelOf[f.key](value),
        count,
      }));
      if (f.key === 'severity') {
        // Severities the policy does not know (only possible in an imported catalog) go last.
        const rank = (v: string) => (severityOrder.includes(v) ? severityOrder.indexOf(v) : Infinity);
        list.sort((a, b) => rank(a.value) - rank(b.value) || byCount(a, b));
      } else list.sort(byCount);
      return [f.key, list];
    }),
  ) as Record<FacetKey, FacetValue[]>;

  const termGroups = (
    terms: readonly { id: string; name: string; description?: string }[],
    map: Map<string, string[]>,
  ): Group[] =>
    terms.map((t) => ({
      slug: t.id,
      id: t.id,
      name: t.name,
      description: t.description,
      caseIds: map.get(t.id) ?? [],
    }));
  const modelNames = [...casesByModel.keys()].sort((a, b) => a.localeCompare(b));
  const modelSlug = uniqueSlugs(modelNames);
  const models = modelNames.map((name) => ({
    slug: modelSlug.get(name)!,
    id: name,
    name,
    caseIds: casesByModel.get(name)!,
  }));

  return {
    config,
    cases,
    byId,
    stats: computeStats(
      cases.map((c) => c.record),
      today,
    ),
    facets,
    failureModes: termGroups(config.taxonomy?.failure_modes ?? [], casesByMode),
    layers: termGroups(config.taxonomy?.root_cause_layers ?? [], casesByLayer),
    models,
    checklist: termGroups(
      (config.checklist?.items ?? []).map((i) => ({
        id: i.id,
        name: checkNames.get(i.id) ?? i.id,
        description: i.description,
      })),
      casesByCheck,
    ),
    modelSlug,
    similar: similar ?? findSimilarCases(cases.map((c) => c.record.data)),
    openActions,
    dashboard: buildDashboard(config, cases, facets),
  };
}

/**
 * The most similar other cases of each case. Candidates come from MinHash LSH, so the
 * cost grows with the number of similar pairs rather than with the square of the catalog;
 * the similarity shown is the exact Jaccard index of the candidates' sets of words (of
 * their hashes, as validation's near-duplicate warnings give it).
 */
export function findSimilarCases(cases: readonly FailureCase[]): Map<string, SimilarCase[]> {
  // One pass over each text gives its signature and its word hashes (textFingerprint),
  // where a set of words, then their signature, took twice the time.
  const prints = cases.map((c) => textFingerprint(similarityText(c)));
  const pairs = findSimilarPairs(
    prints.map((p) => p.signature),
    SIMILAR_CANDIDATE,
  );
  const similar = new Map<string, SimilarCase[]>();
  for (const { a, b } of pairs) {
    const similarity = exactSimilarity(prints[a]!.tokens, prints[b]!.tokens);
    if (similarity < SIMILAR_MIN) continue;
    const idA = cases[a]!.id;
    const idB = cases[b]!.id;
    if (idA === idB) continue;
    (similar.get(idA) ?? similar.set(idA, []).get(idA)!).push({ id: idB, similarity });
    (similar.get(idB) ?? similar.set(idB, []).get(idB)!).push({ id: idA, similarity });
  }
  for (const [id, list] of similar) {
    similar.set(
      id,
      list.sort((x, y) => y.similarity - x.similarity || x.id.localeCompare(y.id)).slice(0, SIMILAR_LIMIT),
    );
  }
  return similar;
}

function buildDashboard(
  config: CatalogConfig,
  cases: readonly SiteCase[],
  facets: Record<FacetKey, FacetValue[]>,
): Dashboard {
  const usedModes = new Set(facets.mode.map((f) => f.value));
  const usedLayers = new Set(facets.layer.map((f) => f.value));
  const modes = [
    ...(config.taxonomy?.failure_modes ?? []).map((m) => m.id).filter((m) => usedModes.has(m)),
    ...[...usedModes].filter((m) => !(config.taxonomy?.failure_modes ?? []).some((t) => t.id === m)),
  ];
  const layers = [
    ...(config.taxonomy?.root_cause_layers ?? []).map((m) => m.id).filter((m) => usedLayers.has(m)),
    ...[...usedLayers].filter((m) => !(config.taxonomy?.root_cause_layers ?? []).some((t) => t.id === m)),
  ];
  const modeIndex = new Map(modes.map((m, i) => [m, i]));
  const layerIndex = new Map(layers.map((l, i) => [l, i]));
  const modeByLayer = modes.map(() => layers.map(() => 0));

  const dates = cases.map((c) => c.record.data.occurred_at.slice(0, 10)).sort();
  const first = dates[0] ?? '1970-01';
  const last = dates.at(-1) ?? first;
  const yearly = Number(last.slice(0, 4)) - Number(first.slice(0, 4)) > 4;
  const periods = cases.length ? periodsBetween(periodOf(first, yearly), periodOf(last, yearly), yearly) : [];
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const severities = [
    ...(config.policy?.severities ?? []).map((s) => s.id),
    ...facets.severity
      .map((f) => f.value)
      .filter((v) => !(config.policy?.severities ?? []).some((s) => s.id === v)),
  ];
  const sevIndex = new Map(severities.map((s, i) => [s, i]));
  const bySeverity = severities.map((name) => ({ name, values: periods.map(() => 0) }));
  const detect = periods.map((): number[] => []);
  const resolve = periods.map((): number[] => []);

  for (const { record } of cases) {
    const data = record.data;
    const layersOfCase = new Set((data.root_causes ?? []).map((r) => r.layer));
    for (const mode of data.failure_modes ?? []) {
      for (const layer of layersOfCase) modeByLayer[modeIndex.get(mode)!]![layerIndex.get(layer)!]!++;
    }
    const p = periodIndex.get(periodOf(data.occurred_at.slice(0, 10), yearly));
    if (p === undefined) continue;
    bySeverity[sevIndex.get(data.severity)!]!.values[p]!++;
    const d = hoursBetween(data.occurred_at, data.detected_at);
    if (d !== undefined) detect[p]!.push(d);
    const r = hoursBetween(data.detected_at, data.resolved_at);
    if (r !== undefined) resolve[p]!.push(r);
  }
  return {
    modes,
    layers,
    modeByLayer,
    periods,
    bySeverity: bySeverity.filter((s) => s.values.some((v) => v > 0)),
    hoursToDetect: detect.map(median),
    hoursToResolve: resolve.map(median),
    topModels: facets.model.slice(0, 10).map((f) => ({ label: f.value, value: f.count })),
  };
}

/**
 * What the case list's client code filters: one compact row per case, newest first, so
 * the list page needs to render only its first rows. Facet values are positions into
 * `values` (in FACETS order), which keeps the file a fraction of the rows' HTML.
 */
export interface CaseListIndex {
  /** The facet keys, in the order of each row's value positions. */
  facets: FacetKey[];
  /** Per facet (same order), the values the rows point at. */
  values: string[][];
  /** Per facet, the values' labels (same order as `values`), or null where every label is its value. */
  labels: (string[] | null)[];
  /** Per severity value (same order as `values` of the severity facet), its badge class. */
  severityClasses: string[];
  /** `[id, title, day occurred (YYYY-MM-DD), value positions per facet]`. */
  rows: [string, string, string, number[][]][];
}

/** The case list's filter index over the (already ordered) cases of the site model. */
export function buildCaseListIndex(
  cases: readonly SiteCase[],
  severityClass: (severity: string) => string,
  facetValues: Record<FacetKey, readonly FacetValue[]>,
): CaseListIndex {
  const facets = FACETS.map((f) => f.key);
  const positions = facets.map(() => new Map<string, number>());
  const values = facets.map((): string[] => []);
  const positionOf = (facet: number, value: string) => {
    let p = positions[facet]!.get(value);
    if (p === undefined) {
      p = values[facet]!.push(value) - 1;
      positions[facet]!.set(value, p);
    }
    return p;
  };
  const rows = cases.map(({ record: { data } }): [string, string, string, number[][]] => {
    const of = facetValuesOf(data);
    return [
      data.id,
      data.title,
      data.occurred_at.slice(0, 10),
      facets.map((key, i) => of[key].map((v) => positionOf(i, v))),
    ];
  });
  const labels = facets.map((key, i) => {
    const labelOf = new Map(facetValues[key].map((v) => [v.value, v.label]));
    const list = values[i]!.map((v) => labelOf.get(v) ?? v);
    return list.some((label, j) => label !== values[i]![j]) ? list : null;
  });
  const severity = facets.indexOf('severity');
  return { facets, values, labels, severityClasses: values[severity]!.map(severityClass), rows };
}
