/**
 * The home page's search box: results show under it as the reader types (Pagefind loads
 * when the box gets focus), with a link to the case list for facets and more results.
 * Without JavaScript the form opens the case list with the query.
 */
import { fillResults, loadPagefind } from './pagefind.ts';

/** Results the home page shows; the case list shows more. */
const HOME_LIMIT = 8;

/** Wires the home page's search form. */
export function initHomeSearch(): void {
  const form = document.getElementById('home-search') as HTMLFormElement | null;
  if (!form) return;
  const field = form.querySelector<HTMLInputElement>('#home-q')!;
  const section = document.getElementById('search-results')!;
  const list = section.querySelector('ol')!;
  const all = section.querySelector<HTMLAnchorElement>('a.all')!;
  const status = document.getElementById('home-status')!;
  let token = 0;

  const search = async () => {
    const q = field.value.trim();
    const mine = ++token;
    if (!q) {
      section.hidden = true;
      status.textContent = '';
      return;
    }
    const pf = await loadPagefind(form);
    const response = await pf.debouncedSearch(q, {}, 40);
    if (!response || mine !== token) return;
    section.hidden = false;
    all.href = `${form.getAttribute('action')}?q=${encodeURIComponent(q)}`;
    const total = response.results.length;
    all.textContent = `All ${total} ${total === 1 ? 'result' : 'results'} in the case list, with filters`;
    const counted = (n: number) => `${n} of ${total} matching "${q}"`;
    const shown = await fillResults(
      response.results,
      list,
      HOME_LIMIT,
      () => mine !== token,
      undefined,
      (n) => (status.textContent = counted(n)),
    );
    if (mine !== token) return;
    status.textContent = total === 0 ? `No case matches "${q}".` : counted(shown);
  };

  field.addEventListener('focus', () => void loadPagefind(form).catch(() => undefined), { once: true });
  field.addEventListener('input', () => {
    search().catch((error: unknown) => (status.textContent = (error as Error).message));
  });
}
