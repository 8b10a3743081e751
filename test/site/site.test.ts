/**
 * The built site in real headless Chromium: search, facets in the URL, a case page with
 * its heatmap and history, the public build's audience, inert script vectors,
 * accessibility, console errors and internal links.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMAS } from '../../core/model/schemas.ts';
import { importCatalog } from '../../core/publish/export.ts';
import { startStaticServer, type StaticServer } from '../../node/static-server.ts';
import { buildSite, launchChromium, listFiles, makeCatalogRepo } from './helpers.ts';

const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let internalOut: string;
let publicOut: string;
let internal: StaticServer;
let publicSite: StaticServer;
let browser: Browser;

const consoleErrors: string[] = [];

/** A page that records console errors, uncaught exceptions and dialogs. */
async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${url}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${url}: ${e.message}`));
  page.on('dialog', (d) => {
    consoleErrors.push(`${url}: dialog ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const win = globalThis as unknown as { __trap: unknown };
    Object.defineProperty(win, '__pwned', {
      set(v) {
        win.__trap = v;
      },
      get() {
        return win.__trap;
      },
    });
  });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

beforeAll(async () => {
  const catalog = await makeCatalogRepo();
  const tmp = await mkdtemp(path.join(tmpdir(), 'failcat-site-out-'));
  internalOut = path.join(tmp, 'internal');
  publicOut = path.join(tmp, 'public');
  // Two cases a list page, so the four-case fixture shows paging; in the internal build,
  // three values a facet, so its four models show the filter box, and two cases a search
  // bundle, so search merges two.
  const pageSize = { FAILCAT_LIST_PAGE_SIZE: '2' };
  const a = await buildSite(catalog, internalOut, ['--audience', 'internal'], {
    ...pageSize,
    FAILCAT_FACET_TOP: '3',
    FAILCAT_SEARCH_SHARD_SIZE: '2',
  });
  expect(a.stderr + a.stdout, 'internal build').toContain('Built');
  const b = await buildSite(catalog, publicOut, ['--audience', 'public', '--base', '/failcat/'], pageSize);
  expect(b.stderr + b.stdout, 'public build').toContain('Built');
  internal = await startStaticServer({ root: internalOut });
  publicSite = await startStaticServer({ root: publicOut, base: '/failcat/' });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await internal?.close();
  await publicSite?.close();
});

describe('search', () => {
  it('merges the search bundles of a catalog indexed in parts, and finds cases in each', async () => {
    expect(await listFiles(path.join(internalOut, 'pagefind/shards/1'))).toContain('pagefind-entry.json');
    await expect(listFiles(path.join(publicOut, 'pagefind/shards'))).rejects.toThrow();
    for (const [word, id] of [
      ['nocturnalfraudsignal', 'FC-0001'],
      // Newest first, two a bundle: FC-0004 (the oldest) is in the second.
      ['cargo', 'FC-0004'],
    ]) {
      const page = await open(`${internal.url}cases/`);
      await page.fill('#q', word!);
      await page.locator('#search-results a').first().waitFor();
      expect(await page.locator('#search-results a').first().getAttribute('href')).toBe(`/cases/${id}/`);
      await page.close();
    }
  });

  it("finds a case by a word that appears only in its body, searching in Pagefind's web worker", async () => {
    const page = await open(`${internal.url}cases/`);
    const worker = page.waitForEvent('worker');
    await page.fill('#q', 'nocturnalfraudsignal');
    expect((await worker).url()).toBe(`${internal.url}pagefind/pagefind-worker.js`);
    const link = page.locator('#search-results a').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/cases/FC-0001/');
    expect(await page.locator('#search-results li').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('nocturnalfraudsignal');
    await page.close();
  });

  it('applies the facets as Pagefind filters', async () => {
    const page = await open(`${internal.url}cases/?severity=SEV4`);
    await page.fill('#q', 'nocturnalfraudsignal');
    await page.locator('#search-results:not([hidden])').waitFor();
    await page.waitForFunction("document.querySelector('#shown').textContent.startsWith('0')");
    expect(await page.locator('#search-results li').count()).toBe(0);
    await page.close();
  });

  it('shows results on the home page as the reader types, and Enter opens the case list with the query', async () => {
    const page = await open(internal.url);
    await page.fill('#home-q', 'quetzalcoatlinternal');
    const first = page.locator('#search-results li a').first();
    await first.waitFor();
    expect(await first.getAttribute('href')).toBe('/cases/FC-0002/');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getAttribute('#search-results a.all', 'href')).toBe('/cases/?q=quetzalcoatlinternal');
    await expect.poll(() => page.textContent('#home-status')).toBe('1 of 1 matching "quetzalcoatlinternal"');
    await page.press('#home-q', 'Enter');
    await page.waitForURL('**/cases/?q=quetzalcoatlinternal');
    await page.locator('#search-results a').first().waitFor();
    expect(await page.locator('#search-results a').first().getAttribute('href')).toBe('/cases/FC-0002/');
    expect(await page.inputValue('#q')).toBe('quetzalcoatlinternal');
    await page.close();
  });
});

describe('facets', () => {
  it('narrow the list, combine, update counts and stay in the URL across a reload', async () => {
    const page = await open(`${internal.url}cases/`);
    const visible = () => page.locator('#case-list > li:not([hidden])').count();
    // The HTML holds the first page (two cases here); the counts cover the whole catalog.
    expect(await visible()).toBe(2);
    expect(await page.textContent('#status')).toContain('4 of 4 cases');
    expect((await page.textContent('fieldset[data-facet=severity] [data-count="SEV4"]'))?.trim()).toBe('2');
    await page.check('fieldset[data-facet=severity] input[value=SEV4]');
    await expect.poll(() => page.textContent('#shown')).toBe('2');
    expect(await visible()).toBe(2);
    expect(new URL(page.url()).searchParams.getAll('severity')).toEqual(['SEV4']);
    // Counts of another facet follow the active filter.
    expect(await page.textContent('fieldset[data-facet=mode] [data-count="data-drift"]')).toBe('1');
    await page.check('fieldset[data-facet=mode] input[value=data-drift]');
    await expect.poll(visible).toBe(1);
    await page.reload();
    expect(await page.isChecked('fieldset[data-facet=severity] input[value=SEV4]')).toBe(true);
    expect(await page.isChecked('fieldset[data-facet=mode] input[value=data-drift]')).toBe(true);
    await expect.poll(() => page.textContent('#shown')).toBe('1');
    expect(await visible()).toBe(1);
    expect(await page.locator('#case-list > li:not([hidden]) a').textContent()).toContain('FC-0004');
    await page.close();
  });

  it('show their most used values and find the rest through a filter box, kept in the URL', async () => {
    const page = await open(`${internal.url}cases/`);
    const models = 'fieldset[data-facet=model]';
    // Four models, three shown (one case each: by name), the fourth behind the box.
    expect(await page.locator(`${models} > label input`).count()).toBe(3);
    expect(await page.textContent(`${models} .facet-find label`)).toContain('1 more');
    expect(await page.locator(`${models} input[value=txn-fraud-gbm]`).count()).toBe(0);
    await page.fill('#find-model', 'FRAUD');
    const found = page.locator(`${models} [data-found] input[value=txn-fraud-gbm]`);
    await found.waitFor();
    expect(await page.textContent(`${models} [data-found] [data-count="txn-fraud-gbm"]`)).toBe('1');
    // Typing in the box filters nothing and leaves the URL alone.
    expect(new URL(page.url()).search).toBe('');
    await found.check();
    await expect.poll(() => page.textContent('#shown')).toBe('1');
    expect(new URL(page.url()).searchParams.getAll('model')).toEqual(['txn-fraud-gbm']);
    // A checked value stays while the box looks for something else.
    await page.fill('#find-model', 'no-such-model');
    await expect.poll(() => page.textContent(`${models} [data-found] p`)).toBe('No other value matches.');
    expect(await found.isChecked()).toBe(true);
    // A reload restores the value from the URL, checked, though it is not among the first three.
    await page.reload();
    await expect.poll(() => found.isChecked().catch(() => false)).toBe(true);
    await expect.poll(() => page.textContent('#shown')).toBe('1');
    expect(await page.locator('#case-list > li a').first().textContent()).toContain('FC-0001');
    await page.close();
  });

  it('filter by date range', async () => {
    const page = await open(`${internal.url}cases/?from=2025-01-01&to=2025-05-01`);
    const ids = async () =>
      (await page.locator('#case-list > li:not([hidden]) a').allTextContents())
        .map((t) => t.trim().slice(0, 7))
        .sort();
    await expect.poll(ids).toEqual(['FC-0002', 'FC-0003']);
    await page.close();
  });

  it('shows filtered cases a page at a time', async () => {
    const page = await open(`${internal.url}cases/?from=2000-01-01`);
    await expect.poll(() => page.textContent('#shown')).toBe('4');
    expect(await page.locator('#case-list > li').count()).toBe(2);
    expect(await page.locator('#pager').isHidden()).toBe(true);
    await page.click('#more');
    expect(await page.locator('#case-list > li').count()).toBe(4);
    expect(await page.locator('#more').isHidden()).toBe(true);
    await page.close();
  });
});

describe('without JavaScript', () => {
  it('reads the whole list through static pages, newest first', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${internal.url}cases/`);
    const first = await page.locator('#case-list > li a').allTextContents();
    await page.click('#pager a[rel=next]');
    expect(new URL(page.url()).pathname).toBe('/cases/page/2/');
    const second = await page.locator('.case-list > li a').allTextContents();
    expect([...first, ...second].map((t) => t.slice(0, 7)).sort()).toEqual([
      'FC-0001',
      'FC-0002',
      'FC-0003',
      'FC-0004',
    ]);
    expect(await page.locator('.pager [aria-current=page]').textContent()).toBe('2');
    await context.close();
  });
});

describe('case page', () => {
  it('shows the postmortem, heatmap, slice bars and git history with an edit link', async () => {
    const page = await open(`${internal.url}cases/FC-0001/`);
    expect(await page.locator('h1').textContent()).toBe('Fraud model declined legitimate night purchases');
    const heatmap = page.locator('figure.confusion-matrix svg[role=img]');
    expect(await heatmap.count()).toBe(1);
    expect(await heatmap.locator('rect.heat').count()).toBe(4);
    expect(await page.locator('figure.slices svg rect.bar-observed:has(title)').count()).toBe(2);
    const history = await page.locator('.history li').allTextContents();
    expect(history).toHaveLength(2);
    expect(history[0]).toContain('FC-0001 names the detecting team');
    expect(history[0]).toContain('Catalog Bot');
    expect(await page.locator('strong.overdue').count()).toBe(1);
    // Links in a list read "A, B": no space before the comma.
    const modes = page.locator('dt:has-text("Failure modes") + dd');
    expect(await modes.locator('a').count()).toBe(2);
    expect((await modes.textContent())!.trim()).toMatch(/^[^,\s][^,]*[^,\s], [^,\s][^,]*$/);
    const edit = page.locator('a:has-text("Edit this case")');
    expect(await edit.getAttribute('href')).toBe(
      'https://github.com/example/failures/edit/main/catalog/cases/FC-0001-fraud-model-declines-night-purchases.md',
    );
    await page.close();
  });

  it('fits a 375 px phone screen: long paths, identifiers and plans wrap or scroll in their box', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await phone.newPage();
    const wide: string[] = [];
    for (const id of ['FC-0001', 'FC-0002', 'FC-0003', 'FC-0004']) {
      await page.goto(`${internal.url}cases/${id}/`, { waitUntil: 'load' });
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      if (width > 375) wide.push(`${id}: ${width} px`);
    }
    expect(wide).toEqual([]);
    await phone.close();
  });

  it('follows renames in the history', async () => {
    const page = await open(`${internal.url}cases/FC-0004/`);
    const history = await page.locator('.history li').allTextContents();
    expect(history.map((h) => h.replace(/^.*· /, '').slice(0, 20))).toHaveLength(2);
    expect(history.join('\n')).toContain('first cases');
    await page.close();
  });

  it('runs none of the script vectors in the case body', async () => {
    const page = await open(`${internal.url}cases/FC-0001/`);
    await page.waitForTimeout(300);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned),
    ).toBeUndefined();
    const html = await readFile(path.join(internalOut, 'cases/FC-0001/index.html'), 'utf8');
    const narrative = html.slice(html.indexOf('id="n-diagnosis"'));
    const body = narrative.slice(0, narrative.indexOf('</div>'));
    // Real tags only: the vectors may survive as escaped text, which is harmless.
    expect(body).not.toMatch(/<(script|iframe|svg|img)\b/i);
    expect(body).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(body).not.toMatch(/<a[^>]*href="javascript:/i);
    expect(body).toContain('&lt;script&gt;');
    // The text survives as text, so readers still see what was written.
    expect(await page.locator('#n-diagnosis').textContent()).toContain('nocturnalfraudsignal');
    expect(await page.locator('#n-diagnosis a:has-text("click me")').getAttribute('href')).toBeNull();
    await page.close();
  });
});

describe('public build', () => {
  const SECRETS = [
    'FC-0002',
    'FC-0003',
    'quetzalcoatlinternal',
    'xylophonicrestricted',
    'redactedvendorword',
  ];

  it('leaves internal and restricted cases and redacted fields out of every file', async () => {
    const files = await listFiles(publicOut);
    expect(files).toContain('api/cases.json');
    const leaks: string[] = [];
    for (const file of files) {
      if (/\.(png|wasm|pf_index|pf_fragment|pf_filter|pf_meta)$/.test(file)) continue;
      const text = await readFile(path.join(publicOut, file), 'utf8');
      for (const secret of SECRETS) if (text.includes(secret)) leaks.push(`${file}: ${secret}`);
    }
    expect(leaks).toEqual([]);
    const doc = JSON.parse(await readFile(path.join(publicOut, 'api/cases.json'), 'utf8'));
    expect(doc.audience).toBe('public');
    expect(doc.cases.map((c: { id: string }) => c.id)).toEqual(['FC-0001', 'FC-0004']);
    expect(doc.cases[0].impact.financial).toBeUndefined();
    expect(doc.cases[0].redact).toBeUndefined();
    expect(doc.cases[1].sections.map((s: { id: string }) => s.id)).toEqual(['diagnosis']);
    const csv = await readFile(path.join(publicOut, 'cases.csv'), 'utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    const feed = await readFile(path.join(publicOut, 'feed.xml'), 'utf8');
    expect(feed.match(/<entry>/g)).toHaveLength(2);
  });

  it('serves the export schema, which its api/cases.json matches', async () => {
    const schema = JSON.parse(await readFile(path.join(publicOut, 'schemas/export.schema.json'), 'utf8'));
    expect(schema).toEqual(SCHEMAS.export);
    const doc = JSON.parse(await readFile(path.join(publicOut, 'api/cases.json'), 'utf8'));
    expect(importCatalog(doc, 'api/cases.json').cases.map((c) => c.data.id)).toEqual(['FC-0001', 'FC-0004']);
  });

  it('has no internal word in the search index', async () => {
    const page = await open(`${publicSite.url}cases/`);
    for (const word of ['quetzalcoatlinternal', 'xylophonicrestricted', 'redactedvendorword']) {
      await page.fill('#q', word);
      await page.locator('#search-results:not([hidden])').waitFor();
      await page.waitForFunction(
        `document.querySelector('#shown').textContent.includes(${JSON.stringify(word)})`,
      );
      expect(await page.locator('#search-results li').count(), word).toBe(0);
    }
    // The index itself works under the base path.
    await page.fill('#q', 'nocturnalfraudsignal');
    await page.locator('#search-results a').first().waitFor();
    expect(await page.locator('#search-results a').first().getAttribute('href')).toBe(
      '/failcat/cases/FC-0001/',
    );
    await page.close();
  });
});

describe('error analysis and plans', () => {
  it('shows computed evidence as a report: matrix and cost view, slices worst first, hard examples, provenance', async () => {
    const page = await open(`${internal.url}cases/FC-0002/`);
    const figures = page.locator('figure.confusion-matrix');
    expect(await figures.count()).toBe(2);
    const caption = await figures.nth(1).locator('figcaption').textContent();
    expect(caption!.replace(/\s+/g, ' ')).toMatch(/Cost-weighted error: \d+(\.\d+)? per example/);
    const slices = page.locator('table.slices-table tbody tr');
    expect(await slices.nth(0).locator('th').textContent()).toBe('whole');
    expect(await slices.nth(1).locator('th').textContent()).toBe('query_intent = pet');
    expect(await slices.nth(1).getAttribute('class')).toBe('flagged');
    expect(await slices.nth(1).locator('strong.overdue').first().textContent()).toBe('precision below');
    const hard = page.locator('table:has(th:text-is("pet_policy")) tbody tr');
    expect(await hard.count()).toBe(6);
    const provenance = await page.locator('p.provenance').allTextContents();
    expect(provenance.length).toBeGreaterThanOrEqual(3);
    for (const p of provenance)
      expect(p).toMatch(
        /^Computed by failcat evidence from .*listing-ranker-2025q3\.jsonl \(5,000 rows, SHA-256 [0-9a-f]{12}…\)/,
      );
    expect(await page.locator('details.provenance pre').textContent()).toContain('failcat evidence FC-0002');
    await page.close();
  });

  it('renders plans as sections, never JSON, and gathers the open ones by model next to open actions', async () => {
    const page = await open(`${internal.url}cases/FC-0001/`);
    const plan = page.locator('.plan:has(#plan-retraining)');
    expect(await plan.locator('h3 .badge').textContent()).toBe('in-progress');
    expect(await plan.locator('tbody tr td').allTextContents()).toEqual([
      'precision per hour bucket',
      'all',
      '0.14 (short of goal)',
      '≥\u00a00.88',
    ]);
    expect(await page.locator('section:has(> #s-plans) pre').count()).toBe(0);
    const plans = await open(`${internal.url}plans/`);
    const model = plans.locator('section[aria-label="Plans for txn-fraud-gbm"]');
    expect(await model.locator('.plan-list').first().locator('> li > a').textContent()).toBe(
      'Retraining plan of FC-0001',
    );
    expect(await model.locator('.plan-list').nth(1).textContent()).toContain('Alert on per-hour precision.');
    await page.close();
    await plans.close();
  });
});

describe('real data on a phone and in other scripts', () => {
  it('scrolls no page sideways at 375 px: long model and probe names, related lists, URLs as link titles', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await phone.newPage();
    const wide: string[] = [];
    const pages = (await listFiles(internalOut)).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(20);
    for (const file of pages) {
      await page.goto(`${internal.url}${file.replace(/index\.html$/, '')}`, { waitUntil: 'load' });
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      if (width > 375) wide.push(`${file}: ${width} px`);
    }
    expect(wide).toEqual([]);
    await phone.close();
  });

  it('finds a word in the middle of Chinese text', async () => {
    const page = await open(`${internal.url}cases/`);
    await page.fill('#q', '未知');
    const link = page.locator('#search-results a').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/cases/FC-0004/');
    await page.close();
  });
});

describe('accessibility and links', () => {
  for (const [name, pagePath] of [
    ['home', ''],
    ['case list', 'cases/'],
    ['case page', 'cases/FC-0001/'],
    ['dashboard', 'dashboard/'],
    ['open actions', 'actions/'],
    ['plans page', 'plans/'],
    ['error-analysis case page', 'cases/FC-0002/'],
  ] as const) {
    it(`axe finds no serious or critical violation on the ${name}`, async () => {
      const page = await open(`${internal.url}${pagePath}`);
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as {
            axe: {
              run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
        const result = await axe.run();
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
      await page.close();
    });
  }

  it('has no broken internal link in either build', async () => {
    for (const [out, base] of [
      [internalOut, '/'],
      [publicOut, '/failcat/'],
    ] as const) {
      const files = new Set(await listFiles(out));
      const broken: string[] = [];
      for (const file of files) {
        if (!file.endsWith('.html')) continue;
        const html = await readFile(path.join(out, file), 'utf8');
        for (const [, url] of html.matchAll(/<[a-z][^>]*?\s(?:href|src)="([^"#]*)[^"]*"/g)) {
          if (!url || /^(https?:|mailto:|data:)/.test(url)) continue;
          expect(url.startsWith(base), `${file} links ${url} outside ${base}`).toBe(true);
          const target = decodeURIComponent(url.slice(base.length).split('?')[0]!);
          const ok =
            target === ''
              ? files.has('index.html')
              : files.has(target) || files.has(`${target.replace(/\/$/, '')}/index.html`);
          if (!ok) broken.push(`${file} → ${url}`);
        }
      }
      expect(broken).toEqual([]);
    }
  });

  it('logged no console error, exception or dialog on any page visited', () => {
    expect(consoleErrors).toEqual([]);
  });
});

describe('an invalid catalog', () => {
  it('fails the build with the validator findings, naming file and line', async () => {
    const { mkdir, writeFile, cp } = await import('node:fs/promises');
    const dir = await mkdtemp(path.join(tmpdir(), 'failcat-site-bad-'));
    await cp(path.join(internalOut, '..'), dir, { recursive: false }).catch(() => undefined);
    const { FIXTURE } = await import('./helpers.ts');
    await cp(FIXTURE, path.join(dir, 'catalog'), { recursive: true });
    await mkdir(path.join(dir, 'catalog/cases'), { recursive: true });
    await writeFile(
      path.join(dir, 'catalog/cases/FC-0009-broken-case-for-the-build.yaml'),
      'id: FC-0009\ntitle: Broken case for the build\nsummary: This case has a status the schema does not allow.\nstatus: exploded\nseverity: SEV4\noccurred_at: 2025-01-01\n',
    );
    const result = await buildSite(path.join(dir, 'catalog'), path.join(dir, 'out'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FC-0009-broken-case-for-the-build\.yaml:4:\d+\s+error/);
    expect(result.stderr).toContain('not valid, so the site was not built');
  });
});
