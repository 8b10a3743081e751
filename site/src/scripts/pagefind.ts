/**
 * Pagefind in the browser, shared by the case list and the home page: loading it once,
 * and turning results into list items as their fragments arrive, in rank order.
 */

interface PagefindResult {
  id: string;
  data(): Promise<{ url: string; excerpt: string; meta: Record<string, string> }>;
}

/** The part of Pagefind's API the site uses. */
export interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(url: string, o: Record<string, unknown>): Promise<void>;
  debouncedSearch(
    q: string,
    o: { filters?: Record<string, { any: string[] }> },
    ms?: number,
  ): Promise<{ results: PagefindResult[] } | null>;
}

/** One result as the page shows it. */
export interface ResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
}

let loading: Promise<Pagefind> | undefined;

/**
 * Loads and initialises Pagefind from the site's base path (once per page), merging the
 * catalog's further search bundles (`data-bundles` of the search form, site-relative and
 * space-separated: a large catalog is indexed in several).
 */
export function loadPagefind(form: HTMLElement): Promise<Pagefind> {
  const base = form.dataset.base ?? '/';
  const bundles = (form.dataset.bundles ?? '').split(' ').filter(Boolean);
  loading ??= (async () => {
    const pf = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as Pagefind;
    await pf.options({ baseUrl: base });
    await Promise.all(bundles.map((bundle) => pf.mergeIndex(`${base}${bundle}`, { baseUrl: base })));
    await pf.init();
    return pf;
  })();
  return loading;
}

/** Only <mark> survives from a Pagefind excerpt (its text is already escaped by Pagefind). */
export function safeExcerpt(html: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) {
      const text = document.createTextNode(
        part
          .replace(/<[^>]*>/g, '')
          .replace(
            /&(lt|gt|amp|quot|#39);/g,
            (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[e] ?? '',
          ),
      );
      if (marked) {
        const mark = document.createElement('mark');
        mark.append(text);
        fragment.append(mark);
      } else fragment.append(text);
    }
  }
  return fragment;
}

/** A result's list item: its title as a link, and the excerpt. */
export function renderResult(data: ResultData, item: HTMLLIElement): void {
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = data.meta.title ?? data.url;
  const p = document.createElement('p');
  p.append(safeExcerpt(data.excerpt));
  item.append(a, p);
}

/**
 * Fills `list` with the first `limit` results: their fragments load in parallel and the
 * list fills in rank order as they arrive, so the first result shows after one round trip
 * rather than `limit`. `keep` drops a result (the list's date filter); `stale` says a newer
 * search has started, and stops this one. Resolves with the number shown.
 */
export async function fillResults(
  results: PagefindResult[],
  list: HTMLElement,
  limit: number,
  stale: () => boolean,
  keep: (data: ResultData) => boolean = () => true,
  onShown: (shown: number) => void = () => undefined,
): Promise<number> {
  const wanted = results.slice(0, limit);
  const slots = wanted.map(() => document.createElement('li'));
  const state = wanted.map((): 'pending' | 'skip' | 'ready' => 'pending');
  const attachReady = () => {
    for (let i = 0; i < slots.length && state[i] !== 'pending'; i++) {
      if (state[i] === 'ready' && !slots[i]!.isConnected) list.append(slots[i]!);
    }
  };
  list.replaceChildren();
  let shown = 0;
  await Promise.all(
    wanted.map(async (result, i) => {
      const data = await result.data();
      if (stale()) return;
      if (!keep(data)) state[i] = 'skip';
      else {
        renderResult(data, slots[i]!);
        state[i] = 'ready';
        shown++;
      }
      // Keep result order: attach every ready slot up to the first still loading.
      attachReady();
      if (state[i] === 'ready') onShown(shown);
    }),
  );
  return shown;
}
