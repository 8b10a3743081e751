/**
 * The case list's only client code: facet filters over the catalog's compact list index
 * (`cases/list.json`, loaded when a filter is first used), kept in the URL query so a
 * filtered view can be shared, and Pagefind search with the same facets as Pagefind
 * filters. The page itself holds only the newest cases and each facet's most used values,
 * so typing a search never touches thousands of elements; a facet's other values are found
 * through its filter box. Without JavaScript the static list pages still read fine.
 */

import { fillResults, loadPagefind } from './pagefind.ts';

type FacetValues = Record<string, string[]>;

const RESULT_LIMIT = 20;
/** Values a facet's filter box lists at once. */
const FOUND_LIMIT = 20;

/** The list index as `buildCaseListIndex` (core/site-model.ts) writes it. */
interface ListIndex {
  facets: string[];
  values: string[][];
  labels: (string[] | null)[];
  severityClasses: string[];
  rows: [string, string, string, number[][]][];
}

interface Row {
  id: string;
  title: string;
  date: string;
  facets: FacetValues;
  severityClass: string;
}

/** A facet value with its label, as the index lists them. */
interface Value {
  value: string;
  label: string;
}

/** The decoded index: rows with facet values as strings, and every facet's values. */
interface Decoded {
  rows: Row[];
  values: Record<string, Value[]>;
}

/** The index's rows with their facet values as strings. */
function decodeIndex(index: ListIndex): Decoded {
  const severity = index.facets.indexOf('severity');
  const values = Object.fromEntries(
    index.facets.map((key, i) => [
      key,
      index.values[i]!.map((value, j) => ({ value, label: index.labels[i]?.[j] ?? value })),
    ]),
  );
  const rows = index.rows.map(([id, title, date, positions]) => {
    const facets: FacetValues = {};
    index.facets.forEach((key, i) => (facets[key] = positions[i]!.map((p) => index.values[i]![p]!)));
    return {
      id,
      title,
      date,
      facets,
      severityClass: index.severityClasses[positions[severity]![0]!] ?? 'badge',
    };
  });
  return { rows, values };
}

/** A facet checkbox, the same markup as the server's. */
function renderValue(key: string, value: Value, count: number, checked: boolean): HTMLLabelElement {
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.name = key;
  box.value = value.value;
  box.checked = checked;
  const name = document.createElement('span');
  name.textContent = value.label;
  const counter = document.createElement('span');
  counter.className = 'count';
  counter.dataset.count = value.value;
  counter.textContent = String(count);
  label.append(box, name, counter);
  return label;
}

/** One list row, the same markup as the server's CaseList. */
function renderRow(row: Row, base: string): HTMLLIElement {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = `${base}cases/${encodeURIComponent(row.id)}/`;
  a.textContent = `${row.id}: ${row.title}`;
  const meta = document.createElement('div');
  meta.className = 'meta';
  const badge = document.createElement('span');
  badge.className = row.severityClass;
  badge.textContent = row.facets.severity?.[0] ?? '';
  const model = row.facets.model?.[0];
  meta.append(badge, ` ${row.facets.status?.[0] ?? ''} · ${row.date}${model ? ` · ${model}` : ''}`);
  li.append(a, meta);
  return li;
}

/** Wires the filter form of the case list. */
export function initCaseFilters(): void {
  const form = document.getElementById('filters') as HTMLFormElement | null;
  if (!form) return;
  const base = form.dataset.base ?? '/';
  const pageSize = Number(form.dataset.pageSize) || 50;
  const facetKeys = [...form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-facet]')].map(
    (f) => f.dataset.facet!,
  );
  const query = form.querySelector<HTMLInputElement>('#q')!;
  const from = form.querySelector<HTMLInputElement>('input[name=from]')!;
  const to = form.querySelector<HTMLInputElement>('input[name=to]')!;
  const shown = document.getElementById('shown')!;
  const resultsSection = document.getElementById('search-results')!;
  const resultsList = resultsSection.querySelector('ol')!;
  const listSection = document.getElementById('list-section')!;
  const list = document.getElementById('case-list')!;
  const pager = document.getElementById('pager');
  const moreButton = document.getElementById('more') as HTMLButtonElement;
  let rowsLoading: Promise<Decoded> | undefined;
  /** Per facet, the counts last shown (cases matching the other filters and the value). */
  const counts: Record<string, Map<string, number>> = {};
  let searchToken = 0;
  let applyToken = 0;
  let matching: Row[] = [];
  let listed = 0;

  const loadIndex = () => {
    rowsLoading ??= fetch(form.dataset.index!).then(async (response) => {
      if (!response.ok) throw new Error(`Could not load the case list index: HTTP ${response.status}`);
      return decodeIndex((await response.json()) as ListIndex);
    });
    return rowsLoading;
  };
  const loadRows = async () => (await loadIndex()).rows;

  const selected = (): Record<string, Set<string>> => {
    const out: Record<string, Set<string>> = {};
    for (const key of facetKeys) {
      const checked = form.querySelectorAll<HTMLInputElement>(`input[name="${key}"]:checked`);
      if (checked.length) out[key] = new Set([...checked].map((c) => c.value));
    }
    return out;
  };

  const filtering = (sel: Record<string, Set<string>>) =>
    Object.keys(sel).length > 0 || from.value !== '' || to.value !== '';

  const matches = (row: Row, sel: Record<string, Set<string>>, skip?: string) => {
    for (const [key, values] of Object.entries(sel)) {
      if (key === skip) continue;
      if (!(row.facets[key] ?? []).some((v) => values.has(v))) return false;
    }
    if (from.value && row.date < from.value) return false;
    if (to.value && row.date > to.value) return false;
    return true;
  };

  const writeUrl = (sel: Record<string, Set<string>>) => {
    const params = new URLSearchParams();
    if (query.value.trim()) params.set('q', query.value.trim());
    for (const [key, values] of Object.entries(sel)) for (const v of values) params.append(key, v);
    if (from.value) params.set('from', from.value);
    if (to.value) params.set('to', to.value);
    const qs = params.toString();
    history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
  };

  /** Appends the next page of matching rows. */
  const showMore = () => {
    const next = matching.slice(listed, listed + pageSize);
    list.append(...next.map((row) => renderRow(row, base)));
    listed += next.length;
    const left = matching.length - listed;
    moreButton.hidden = left <= 0;
    moreButton.textContent = `Show ${Math.min(left, pageSize)} more of ${left}`;
  };

  /** A facet's counts: cases matching every other active filter and each value. */
  const countValues = (rows: Row[], sel: Record<string, Set<string>>, key: string) => {
    const out = new Map<string, number>();
    for (const row of rows) {
      if (!matches(row, sel, key)) continue;
      for (const v of row.facets[key] ?? []) out.set(v, (out.get(v) ?? 0) + 1);
    }
    return out;
  };

  /** A facet's filter box: lists up to FOUND_LIMIT of its other values whose name holds the text; checked ones stay. */
  const findValues = async (key: string, text: string) => {
    const found = form.querySelector<HTMLElement>(`[data-found="${key}"]`);
    if (!found) return;
    const { rows, values } = await loadIndex();
    const needle = text.trim().toLocaleLowerCase();
    const fieldset = found.closest('fieldset')!;
    const shown = new Set(
      [...fieldset.querySelectorAll<HTMLInputElement>('input[type=checkbox]')]
        .filter((box) => !found.contains(box) || box.checked)
        .map((box) => box.value),
    );
    for (const label of [...found.querySelectorAll('label')]) {
      if (!label.querySelector<HTMLInputElement>('input')!.checked) label.remove();
    }
    found.querySelector('p')?.remove();
    if (!needle) return;
    const countOf = (counts[key] ??= countValues(rows, selected(), key));
    const hits = values[key]!.filter(
      (v) =>
        !shown.has(v.value) &&
        (v.label.toLocaleLowerCase().includes(needle) || v.value.toLocaleLowerCase().includes(needle)),
    ).sort(
      (a, b) => (countOf.get(b.value) ?? 0) - (countOf.get(a.value) ?? 0) || a.label.localeCompare(b.label),
    );
    found.append(
      ...hits.slice(0, FOUND_LIMIT).map((v) => renderValue(key, v, countOf.get(v.value) ?? 0, false)),
    );
    const note = document.createElement('p');
    note.className = 'muted';
    note.textContent =
      hits.length === 0
        ? 'No other value matches.'
        : hits.length > FOUND_LIMIT
          ? `${FOUND_LIMIT} of ${hits.length} matches; type more to narrow.`
          : `${hits.length} ${hits.length === 1 ? 'match' : 'matches'}.`;
    found.append(note);
  };

  /** Filters the rows and recounts the facets: the index is loaded on first use. */
  const filterList = async (sel: Record<string, Set<string>>) => {
    const token = ++applyToken;
    // Unfiltered and not loaded yet: the server's first page and counts are the answer.
    if (!rowsLoading && !filtering(sel)) return;
    const rows = await loadRows();
    if (token !== applyToken) return;
    matching = rows.filter((row) => matches(row, sel));
    shown.textContent = String(matching.length);
    for (const key of facetKeys) {
      counts[key] = countValues(rows, sel, key);
      for (const el of form.querySelectorAll<HTMLElement>(`fieldset[data-facet="${key}"] [data-count]`)) {
        el.textContent = String(counts[key].get(el.dataset.count!) ?? 0);
      }
    }
    list.replaceChildren();
    listed = 0;
    if (pager) pager.hidden = true;
    showMore();
  };

  const apply = (typed = true) => {
    const sel = selected();
    writeUrl(sel);
    void search(sel, typed);
    filterList(sel).catch((error: unknown) => {
      shown.textContent = `${(error as Error).message}; showing the newest`;
    });
  };

  const search = async (sel: Record<string, Set<string>>, typed = true) => {
    const q = query.value.trim();
    const token = ++searchToken;
    if (!q) {
      resultsSection.hidden = true;
      listSection.hidden = false;
      return;
    }
    const pf = await loadPagefind(form);
    const filters = Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, { any: [...v] }]));
    // debouncedSearch starts fetching the word's index chunks at once; the short wait
    // only spares the search itself while the reader is still typing (none for a query
    // that came with the page's address).
    const response = await pf.debouncedSearch(q, { filters }, typed ? 40 : 0);
    if (!response || token !== searchToken) return;
    resultsSection.hidden = false;
    listSection.hidden = true;
    const more = response.results.length > RESULT_LIMIT ? '+' : '';
    const total = await fillResults(
      response.results,
      resultsList,
      RESULT_LIMIT,
      () => token !== searchToken,
      (data) => {
        const date = data.meta.date ?? '';
        return !(from.value && date < from.value) && !(to.value && date > to.value);
      },
      (n) => (shown.textContent = `${n}${more} matching "${q}",`),
    );
    if (token !== searchToken) return;
    shown.textContent = `${total}${more} matching "${q}",`;
  };

  // On a phone the filters start folded, so the list is on the first screen.
  const facetsBox = document.getElementById('facets') as HTMLDetailsElement | null;
  if (facetsBox && matchMedia('(max-width: 48rem)').matches) facetsBox.open = false;

  // Restore the view from the URL; a value beyond a facet's first ones gets its checkbox
  // from the index before the filters apply.
  const params = new URLSearchParams(location.search);
  query.value = params.get('q') ?? '';
  from.value = params.get('from') ?? '';
  to.value = params.get('to') ?? '';
  const missing: [string, string][] = [];
  for (const key of facetKeys) {
    const wanted = new Set(params.getAll(key));
    for (const box of form.querySelectorAll<HTMLInputElement>(`input[name="${key}"]`)) {
      box.checked = wanted.has(box.value);
      wanted.delete(box.value);
    }
    for (const value of wanted) missing.push([key, value]);
  }
  const restoreMissing = async () => {
    const { values } = await loadIndex();
    for (const [key, value] of missing) {
      const found = form.querySelector(`[data-found="${key}"]`);
      const known = values[key]?.find((v) => v.value === value);
      // A value no case has (an old link) is dropped from the view, and so from the URL.
      if (found && known) found.append(renderValue(key, known, 0, true));
    }
  };
  form.addEventListener('change', (e) => {
    if (!(e.target as HTMLElement).matches('[data-find]')) apply();
  });
  for (const box of form.querySelectorAll<HTMLInputElement>('input[data-find]')) {
    box.addEventListener('input', () => {
      findValues(box.dataset.find!, box.value).catch((error: unknown) => {
        shown.textContent = (error as Error).message;
      });
    });
    // Enter in a filter box looks up values; it does not submit the form.
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') e.preventDefault();
    });
  }
  moreButton.addEventListener('click', showMore);
  // Fetch the list index as soon as a reader reaches for a filter, before the change lands.
  form
    .querySelector('#facets')
    ?.addEventListener('focusin', () => void loadRows().catch(() => undefined), { once: true });
  // Typing changes only the query: the list and the facet counts stay as they are.
  query.addEventListener('input', () => {
    const sel = selected();
    writeUrl(sel);
    void search(sel);
  });
  query.addEventListener('focus', () => void loadPagefind(form), { once: true });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  form.addEventListener('reset', () => setTimeout(apply));
  if (missing.length === 0) apply(false);
  else
    restoreMissing().then(
      () => apply(false),
      (error: unknown) => {
        shown.textContent = `${(error as Error).message}; showing the newest`;
      },
    );
}
