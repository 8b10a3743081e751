/**
 * Site benchmark: builds catalogs of 1,000 and 10,000 cases (and 100,000 with --huge)
 * with `failcat build` (bin/failcat.js, what `npx failcat` runs) as a real process, and
 * prints wall time, CPU time and peak memory; then times searches for five words in
 * Chromium on the largest build, typed key by key as a reader types, on the case list and
 * on the home page (first result after the last key; bytes fetched).
 * Figures only, no assertions.
 *
 * Two corpora (`--corpus`, one or both, comma-separated):
 * - `own` (the default): the own generator's catalog (bench/generate.ts, half Markdown,
 *   the catalog the validate and check benchmarks read; 5,365 models at 10,000 cases);
 * - `synthetic`: this file's generator, YAML only, with a model name for almost every
 *   case (9,515 models at 10,000 cases, so 9,515 model pages), the harder case for the
 *   site's page count.
 *
 *   node bench/site.ts [--sizes 1000,10000] [--corpus own,synthetic] [--huge] [--keep]
 *   node bench/site.ts --starlight [--runs 4]    the same cases also as a Starlight site, interleaved
 *   node bench/site.ts --search DIR[,DIR...]   search only, on built sites, interleaved
 *
 * Every build writes into a new folder (site-CORPUS-N-run-K, and the Starlight project's
 * dist-run-K and dist-warm-run-K), removed only after the series; what creating a folder
 * costs before and after the series is printed (probeCreate in lib.ts).
 *
 * A `failcat build` keeps no cache between builds, so each Starlight build that the ratio
 * is taken against starts without Astro's caches too (STARLIGHT_CACHES); a second
 * Starlight build in each round, with the caches the first one left, is printed beside it.
 *
 * Peak memory is the largest summed resident set of the build's whole process tree
 * (Node, its worker threads, and the Pagefind binary), sampled from /proc every 100 ms,
 * next to the Node process's own getrusage peak.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { createRandom } from './generate.ts';
import { convertCatalog } from './starlight/convert.ts';
import {
  PROBE_PREFIX,
  RSS_HOOK,
  generateOnce,
  hashBenchFiles,
  medianOf,
  ownCatalog,
  probeCreate,
  stealSeconds,
} from './lib.ts';
import { buildWorkRoot } from '../site/build/build-site.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = path.join(ROOT, 'bench/out/site');
/** The Starlight project the same cases are built with (bench/starlight/). */
const STARLIGHT = path.join(OUT, 'starlight');
const CONFIG = path.join(ROOT, 'test/fixtures/site-catalog');

const SYSTEMS = [
  'fraud',
  'churn',
  'ranking',
  'triage',
  'pricing',
  'forecast',
  'moderation',
  'credit',
  'eta',
  'claims',
];
const ARCH = ['gbm', 'xgb', 'bert', 'lstm', 'ranker', 'llm', 'logreg', 'gnn'];
const WHAT = [
  'declined',
  'misranked',
  'flagged',
  'dropped',
  'delayed',
  'mislabelled',
  'overpriced',
  'ignored',
];
const OBJECTS = [
  'night purchases',
  'new listings',
  'returning users',
  'long tickets',
  'small stores',
  'rural routes',
];
const CAUSES = [
  'a stalled feature job',
  'an upstream schema change',
  'a skewed training window',
  'a stale lookup table',
];
const WORDS =
  'aurora basalt cobalt dune ember fjord glacier harbor iris juniper kelp lagoon meadow nebula orchid prairie quartz reef sierra tundra umber valley willow xenon yarrow zephyr'.split(
    ' ',
  );
const MODES = ['data-drift', 'false-positive-spike', 'slice-regression', 'hallucination'];
const LAYERS = ['data', 'model-logic', 'monitoring'];

const SYLLABLES = 'ka lo mi ne ru sa ti vo ze ba de fi go hu ja ke li mo nu pe ra si to'.split(' ');

/** A pronounceable made-up word. */
function pseudoWord(rnd: ReturnType<typeof createRandom>): string {
  return Array.from({ length: rnd.int(2, 4) }, () => rnd.pick(SYLLABLES)).join('');
}

/**
 * A fixed vocabulary of 4,000 made-up words, drawn with a skew (common words often, rare
 * ones seldom) like natural text: cases differ enough not to look like near-duplicates,
 * while the search index's vocabulary stays the size a real catalog's would.
 */
const VOCABULARY = (() => {
  const rnd = createRandom(42);
  return Array.from({ length: 4000 }, () => pseudoWord(rnd));
})();

function vocabularyWord(rnd: ReturnType<typeof createRandom>): string {
  return VOCABULARY[Math.floor(rnd.next() ** 2 * VOCABULARY.length)]!;
}

/** One valid synthetic case (YAML) against the site fixture's configuration. */
function syntheticCase(n: number, rnd: ReturnType<typeof createRandom>): string {
  const id = `FC-${String(n).padStart(5, '0')}`;
  const system = rnd.pick(SYSTEMS);
  // Thousands of model names at 10,000 cases, as an imported feed has (the model facet
  // of such a catalog had 5,365 values).
  const model = `${system}-${rnd.pick(ARCH)}-${vocabularyWord(rnd)}`;
  const year = 2022 + (n % 4);
  const month = String(rnd.int(1, 12)).padStart(2, '0');
  const dayN = String(rnd.int(1, 28)).padStart(2, '0');
  const sev = rnd.pick(['SEV2', 'SEV3', 'SEV3', 'SEV4', 'SEV4']);
  const word = () => vocabularyWord(rnd);
  const words = Array.from({ length: 40 }, word).join(' ');
  const mode = rnd.pick(MODES);
  const layer = rnd.pick(LAYERS);
  const visibility = rnd.next() < 0.7 ? 'public' : rnd.pick(['internal', 'restricted']);
  const status = rnd.pick(['resolved', 'resolved', 'mitigated', 'investigating', 'draft']);
  const resolved =
    status === 'resolved' ? `resolved_at: ${year + 1}-${month}-${dayN}T1${rnd.int(0, 9)}:00:00Z\n` : '';
  const title = `${model} ${rnd.pick(WHAT)} ${rnd.pick(OBJECTS)} after ${rnd.pick(CAUSES)} (${id} ${rnd.pick(WORDS)})`;
  return `id: ${id}
title: ${title}
summary: >-
  Case ${id}: the ${system} model ${model} ${rnd.pick(WHAT)} ${rnd.pick(OBJECTS)} for ${rnd.int(2, 90)} hours;
  ${words}.
status: ${status}
severity: ${sev}
severity_rationale: Synthetic rationale for a benchmark case of ${sev}.
occurred_at: ${year}-${month}-${dayN}T0${rnd.int(0, 9)}:00:00Z
detected_at: ${year}-${month}-${dayN}T1${rnd.int(0, 9)}:00:00Z
${resolved}timeline:
  - at: ${year}-${month}-${dayN}T0${rnd.int(0, 9)}:30:00Z
    event: Alert fired on ${rnd.pick(OBJECTS)}.
detection:
  method: ${rnd.pick(['monitoring', 'user-report'])}
  detected_by: ${system} operations
system:
  model: ${model}
  model_version: ${rnd.int(1, 5)}.${rnd.int(0, 9)}.0
  environment: production
  components: [${system}-api, feature-store]
data:
  sources: [${system}_events, ${rnd.pick(WORDS)}_table]
  features: [${rnd.pick(WORDS)}_${rnd.pick(WORDS)}]
  slices:
    - name: ${rnd.pick(OBJECTS)}
      metric: precision
      baseline: 0.9
      observed: ${(rnd.next() * 0.8).toFixed(2)}
      support: ${rnd.int(100, 9000)}
impact:
  users_affected: ${rnd.int(0, 900)}
  events_affected: ${rnd.int(0, 9000)}
  description: ${rnd.pick(OBJECTS)} were affected for ${rnd.int(2, 90)} hours.
expected:
  objective: Serve ${rnd.pick(OBJECTS)} correctly at any hour.
failure_modes: [${mode}]
root_causes:
  - layer: ${layer}
    description: The failure came from ${rnd.pick(CAUSES)} in the ${layer} layer.
evidence:
  confusion_matrix:
    labels: [ok, bad]
    matrix: [[${rnd.int(100, 9000)}, ${rnd.int(0, 500)}], [${rnd.int(0, 500)}, ${rnd.int(100, 900)}]]
what_went_well: [Alerting caught it within a day.]
lessons_learned: [Slice metrics need their own gates.]
corrective_actions:
  - category: detection
    action: Alert on ${rnd.pick(OBJECTS)} precision per slice.
    owner: ${system} ML team
    due: ${year + 1}-0${rnd.int(1, 9)}-1${rnd.int(0, 9)}
    status: ${rnd.pick(['open', 'in-progress', 'done'])}
safeguards:
  - check: ${rnd.pick(['slice-gate', 'drift-monitor'])}
    applies_to:
      models: [${system}-*]
narrative:
  diagnosis: >-
    ${words} ${Array.from({ length: 60 }, word).join(' ')}.
visibility: ${visibility}
`;
}

/** Writes this file's synthetic catalog of n cases (cached between runs). */
function syntheticCatalog(n: number): string {
  const dir = path.join(OUT, `catalog-${n}`);
  return generateOnce(
    dir,
    { cases: n, generator: hashBenchFiles(['site.ts']) },
    () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(path.join(dir, 'cases'), { recursive: true });
      for (const f of ['taxonomy.yaml', 'policy.yaml', 'checklist.yaml'])
        cpSync(path.join(CONFIG, f), path.join(dir, f));
      const rnd = createRandom(n);
      let bytes = 0;
      for (let i = 1; i <= n; i++) {
        const text = syntheticCase(i, rnd);
        writeFileSync(path.join(dir, 'cases', `FC-${String(i).padStart(5, '0')}-case.yaml`), text);
        bytes += Buffer.byteLength(text);
      }
      return bytes;
    },
    console.log,
  );
}

/**
 * Summed RSS (KiB) of a process and all its descendants, from /proc; records each
 * process's CPU seconds so far (utime + stime) in `cpu`, so a build's CPU time includes
 * children that are stopped rather than waited for (the Pagefind service).
 */
function treeRss(pid: number, cpu: Map<number, number>): number {
  const children = new Map<number, number[]>();
  let total = 0;
  const rss = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kib);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    // Clock ticks are 1/100 s on Linux.
    cpu.set(p, Math.max(cpu.get(p) ?? 0, (ticks.get(p) ?? 0) / 100));
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** What one measured build cost. */
interface BuildCost {
  seconds: number;
  cpuSeconds: number;
  stolen: number;
  treeMiB: number;
  nodeMiB: number;
}

/**
 * Runs a build command (Node and its arguments) in `cwd`; returns wall seconds, CPU
 * seconds of the process tree, CPU stolen meanwhile, its peak RSS and the largest Node
 * process's peak (MiB). Its output goes to `bench/out/site/<log>.log`.
 */
async function measureCommand(args: string[], cwd: string, log: string): Promise<BuildCost> {
  const started = performance.now();
  const steal = stealSeconds();
  const child = spawn(process.execPath, args, {
    cwd,
    // Every Node process of the build (failcat's three, or Astro's one) reports its peak.
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import "${RSS_HOOK}"`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  let peak = 0;
  const cpu = new Map<number, number>();
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!, cpu))), 100);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const stolen = stealSeconds() - steal;
  writeFileSync(path.join(OUT, `${log}.log`), stdout + stderr);
  if (code !== 0) throw new Error(`${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`);
  const nodeKib = Math.max(
    0,
    ...[...stderr.matchAll(/failcat-bench max-rss-kib=(\d+)/g)].map((m) => Number(m[1])),
  );
  const cpuSeconds = [...cpu.values()].reduce((a, b) => a + b, 0);
  return { seconds, cpuSeconds, stolen, treeMiB: peak / 1024, nodeMiB: nodeKib / 1024 };
}

/** `failcat build` of a catalog into `out`, measured; its output goes to `bench/out/site/build-<name>.log`. */
function measureBuild(catalog: string, out: string, name: string): Promise<BuildCost> {
  const args = [path.join(ROOT, 'bin/failcat.js'), 'build', '--catalog', catalog, '--out', out];
  return measureCommand([...args, '--verbose', '--repo-url', ''], ROOT, `build-${name}`);
}

/** The Starlight project of a catalog (bench/starlight/), its dependencies installed once. */
function prepareStarlight(catalog: string): string {
  const project = STARLIGHT;
  mkdirSync(project, { recursive: true });
  convertCatalog(catalog, project);
  if (!existsSync(path.join(project, 'node_modules/@astrojs/starlight'))) {
    const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: project, stdio: 'inherit' });
    if (npm.status !== 0) throw new Error(`npm ci failed in ${project}`);
  }
  return project;
}

/**
 * Astro's caches in the Starlight project: the content layer's data store (every page's
 * parsed and rendered Markdown, kept between builds), Vite's dependency cache and the
 * generated types. A `failcat build` starts from none of these (it works in a new folder
 * every time), so a Starlight build that found them would not be the same work.
 */
const STARLIGHT_CACHES = ['.astro', 'node_modules/.astro', 'node_modules/.vite'];

/**
 * `astro build` of the Starlight project into `outDir`, measured; its output goes to
 * `bench/out/site/starlight-<name>.log`. `cold` removes Astro's caches first (see
 * STARLIGHT_CACHES); otherwise it finds those the build before it left.
 */
function measureStarlight(project: string, outDir: string, name: string, cold: boolean): Promise<BuildCost> {
  if (cold)
    for (const cache of STARLIGHT_CACHES) rmSync(path.join(project, cache), { recursive: true, force: true });
  return measureCommand(
    [path.join(project, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir],
    project,
    `starlight-${name}`,
  );
}

/** A build's figures on one line. */
function describeBuild(r: BuildCost): string {
  return (
    `${r.seconds.toFixed(1).padStart(6)} s wall, ${r.cpuSeconds.toFixed(1)} s CPU ` +
    `(${r.stolen.toFixed(1)} s stolen by the hypervisor meanwhile), ` +
    `peak RSS ${r.treeMiB.toFixed(0)} MiB (process tree; largest Node process ${r.nodeMiB.toFixed(0)} MiB)`
  );
}

/** A corpus a site is built from: its catalog of n cases, and five words that a few hundred to a few thousand of its cases use, which the search measurements type. */
interface SiteCorpus {
  catalog(n: number): string;
  words: string[];
}

const CORPORA = {
  own: {
    catalog: (n: number) => ownCatalog(n),
    words: ['invoices', 'percentile', 'truncated', 'seasonal', 'multilingual'],
  },
  synthetic: { catalog: syntheticCatalog, words: ['glacier', 'meadow', 'nebula', 'juniper', 'harbor'] },
} satisfies Record<string, SiteCorpus>;
type CorpusName = keyof typeof CORPORA;

/** Which search box a measurement types into. */
type SearchFrom = 'list' | 'home';

/**
 * Time from the last key to the first result for the whole word, and bytes fetched, in
 * Chromium (a fresh browser context) on a served site: the word is typed key by key into
 * the case list's box or the home page's (Pagefind loads when the box gets focus, as when
 * a reader clicks into it).
 */
async function measureSearch(browser: Browser, url: string, word: string, from: SearchFrom) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let phase: 'load' | 'init' | 'search' = 'load';
    const bytes = { load: 0, init: 0, search: 0 };
    page.on('response', async (response) => {
      const p = phase;
      const body = await response.body().catch(() => Buffer.alloc(0));
      bytes[p] += body.length;
    });
    const box = from === 'home' ? '#home-q' : '#q';
    await page.goto(from === 'home' ? url : `${url}cases/`, { waitUntil: 'load' });
    if (from === 'home' && !(await page.$('#home-search'))) {
      // A build from before the home page searched in place: Enter opens the case list,
      // and the time runs from Enter to the first result there (timed from outside).
      phase = 'search';
      await page.click(box);
      await page.keyboard.type(word, { delay: 90 });
      const started = performance.now();
      await page.keyboard.press('Enter');
      await page.waitForSelector('#search-results:not([hidden]) li a', { timeout: 60_000 });
      const ms = performance.now() - started;
      await page.waitForLoadState('networkidle');
      return { ms, bytes, how: 'typed on the home page, then Enter (the case list shows the results)' };
    }
    phase = 'init';
    const loaded = page.waitForResponse((r) => r.url().includes('.pf_meta'), { timeout: 60_000 });
    await page.focus(box);
    await loaded;
    await page.waitForLoadState('networkidle');
    phase = 'search';
    // Timed in the page: the last keydown to the frame after the first result for the
    // whole word is in the document (results of a shorter prefix do not count).
    await page.evaluate(`(() => {
      const field = document.querySelector(${JSON.stringify(box)});
      const results = document.getElementById('search-results');
      window.__search = { lastKey: 0, done: 0 };
      field.addEventListener('keydown', () => (window.__search.lastKey = performance.now()));
      new MutationObserver(() => {
        const s = window.__search;
        if (s.done || field.value !== ${JSON.stringify(word)} || !results.querySelector('li a')) return;
        const status = document.getElementById(${JSON.stringify(from === 'home' ? 'home-status' : 'shown')});
        if (!status.textContent.includes(${JSON.stringify(`"${word}"`)})) return;
        requestAnimationFrame(() => (s.done = performance.now()));
      }).observe(results, { childList: true, subtree: true });
    })()`);
    await page.keyboard.type(word, { delay: 90 });
    await page.waitForFunction('window.__search.done > 0', undefined, { timeout: 60_000 });
    const { lastKey, done } = (await page.evaluate('window.__search')) as { lastKey: number; done: number };
    await page.waitForLoadState('networkidle');
    const how = from === 'home' ? 'typed on the home page' : 'typed on the case list';
    return { ms: done - lastKey, bytes, how };
  } finally {
    await context.close();
  }
}

/**
 * Starlight's search, as its reader uses it: open the search dialog (Pagefind's UI loads),
 * type the word key by key; the time runs from the last key to the frame after the first
 * result link for the whole word (Pagefind's UI waits for a pause in typing, as it ships).
 */
async function measureStarlightSearch(browser: Browser, url: string, word: string) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.click('site-search button[data-open-modal]:not([disabled])');
    const input = page.locator('#starlight__search input');
    await input.waitFor();
    await page.waitForLoadState('networkidle');
    await page.evaluate(`(() => {
      const field = document.querySelector('#starlight__search input');
      const results = document.getElementById('starlight__search');
      window.__search = { lastKey: 0, done: 0 };
      field.addEventListener('keydown', () => (window.__search.lastKey = performance.now()));
      new MutationObserver(() => {
        const s = window.__search;
        if (s.done || field.value !== ${JSON.stringify(word)} || !results.querySelector('a.pagefind-ui__result-link')) return;
        requestAnimationFrame(() => (s.done = performance.now()));
      }).observe(results, { childList: true, subtree: true });
    })()`);
    await input.focus();
    await page.keyboard.type(word, { delay: 90 });
    await page.waitForFunction('window.__search.done > 0', undefined, { timeout: 60_000 });
    const { lastKey, done } = (await page.evaluate('window.__search')) as { lastKey: number; done: number };
    return done - lastKey;
  } finally {
    await context.close();
  }
}

/** Five words searched on a served Starlight build; prints the median. */
async function measureStarlightSearches(root: string, label: string, words: readonly string[]) {
  const { startStaticServer } = await import('../node/static-server.ts');
  const { launchChromium } = await import('../tools/chromium.ts');
  const server = await startStaticServer({ root });
  const browser = await launchChromium();
  try {
    const ms: number[] = [];
    for (const word of words) ms.push(await measureStarlightSearch(browser, server.url, word));
    console.log(
      `Search in Chromium, ${label}, typed in its search dialog, 5 words: first result ${medianOf(ms).toFixed(0)} ms ` +
        `after the last key (median; ${Math.min(...ms).toFixed(0)} to ${Math.max(...ms).toFixed(0)} ms)`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Searches five words from the case list and from the home page on each site, interleaved; prints the medians. */
async function measureSearches(sites: { label: string; root: string }[], words: readonly string[]) {
  const { startStaticServer } = await import('../node/static-server.ts');
  const { launchChromium } = await import('../tools/chromium.ts');
  const servers = await Promise.all(sites.map((s) => startStaticServer({ root: s.root })));
  const browser = await launchChromium();
  const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  try {
    for (const from of ['list', 'home'] as const) {
      const runs = sites.map(() => [] as Awaited<ReturnType<typeof measureSearch>>[]);
      for (const word of words)
        for (const [i, server] of servers.entries())
          runs[i]!.push(await measureSearch(browser, server.url, word, from));
      for (const [i, site] of sites.entries()) {
        const ms = runs[i]!.map((r) => r.ms);
        const { bytes } = runs[i]![0]!;
        console.log(
          `Search in Chromium, ${site.label}, ${runs[i]![0]!.how}, ` +
            `5 words: first result ${medianOf(ms).toFixed(0)} ms after the last key (median; ${Math.min(...ms).toFixed(0)} to ` +
            `${Math.max(...ms).toFixed(0)} ms); fetched ${kib(medianOf(runs[i]!.map((r) => r.bytes.search)))} for the query` +
            (from === 'list'
              ? `, ${kib(bytes.init)} to load Pagefind, ${kib(bytes.load)} for the list page`
              : ''),
        );
      }
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
  }
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    corpus: { type: 'string', default: 'own' },
    huge: { type: 'boolean' },
    keep: { type: 'boolean' },
    search: { type: 'string' },
    starlight: { type: 'boolean' },
    runs: { type: 'string', default: '1' },
  },
});
const corpora = values.corpus!.split(',') as CorpusName[];
for (const name of corpora)
  if (!Object.hasOwn(CORPORA, name))
    throw new Error(`--corpus takes ${Object.keys(CORPORA).join(' or ')}, not ${name}`);
if (values.search) {
  const sites = values.search.split(',').map((root) => ({ label: root, root }));
  await measureSearches(sites, CORPORA[corpora[0]!].words);
  process.exit(0);
}
const sizes = values.sizes!.split(',').map(Number);
if (values.huge) sizes.push(100_000);
const runs = Number(values.runs);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `Site build (failcat build: validation, Astro, Pagefind${values.starlight ? '; and the same cases as a Starlight site, interleaved' : ''}), ` +
    `corpus ${corpora.join(' and ')}, this machine (load average ${load()}), median of ${runs}:`,
);
/** Every run's wall time, in the order run. */
const eachRun = (list: BuildCost[]) =>
  list.length > 1 ? `; runs ${list.map((r) => r.seconds.toFixed(1)).join(', ')} s` : '';
/** The run with the median wall time. */
const medianRun = (list: BuildCost[]) =>
  [...list].sort((a, b) => a.seconds - b.seconds)[Math.floor((list.length - 1) / 2)]!;
/** Removes the entries of `dir` whose names pass `test`. */
function removeEntries(dir: string, test: (name: string) => boolean): void {
  for (const entry of existsSync(dir) ? readdirSync(dir) : [])
    if (test(entry)) rmSync(path.join(dir, entry), { recursive: true, force: true });
}

/** Removes the file-system probes' folders (probeCreate). */
function removeProbes(): void {
  for (const dir of [buildWorkRoot(), STARLIGHT]) removeEntries(dir, (name) => name.startsWith(PROBE_PREFIX));
}

/** Removes the builds' folders (failcat's `site-N-run-K`, the Starlight project's `dist*`) and the probes. */
function removeRunFolders(): void {
  removeEntries(OUT, (name) => name.startsWith('site-'));
  removeEntries(STARLIGHT, (name) => name.startsWith('dist'));
  removeProbes();
}
// What an earlier run left; the folders of this run stay until every series is over.
removeRunFolders();
for (const corpus of corpora) {
  let last = '';
  let starlightSite = '';
  for (const n of sizes) {
    const catalog = CORPORA[corpus].catalog(n);
    const project = values.starlight ? prepareStarlight(catalog) : '';
    // Every build writes into a new folder and nothing is deleted until the last series
    // ends: a build that replaces the last one's site, as Astro empties its output folder,
    // would make the next build pay for the deleted files (see probeCreate). What a new
    // folder costs before and after each series is printed.
    const outputs = (run: number) => ({
      ours: path.join(OUT, `site-${corpus}-${n}-run-${run}`),
      theirs: path.join(project, `dist-run-${run}`),
      theirsWarm: path.join(project, `dist-warm-run-${run}`),
    });
    const probed = [buildWorkRoot(), ...(project ? [project] : [])];
    const before = probed.map((dir) => `${probeCreate(dir).toFixed(0)} µs`).join(', ');
    console.log(
      `  a new folder before the series: ${before} (${probed.map((d) => path.relative(ROOT, d)).join(', ')})`,
    );
    const ours: BuildCost[] = [];
    const theirs: BuildCost[] = [];
    const theirsWarm: BuildCost[] = [];
    for (let run = 0; run < runs; run++) {
      ours.push(await measureBuild(catalog, outputs(run).ours, `${corpus}-${n}`));
      if (!project) continue;
      // Starlight from no cache, as failcat builds; then again with the caches that build left.
      theirs.push(await measureStarlight(project, outputs(run).theirs, `${corpus}-${n}`, true));
      theirsWarm.push(await measureStarlight(project, outputs(run).theirsWarm, `${corpus}-${n}-warm`, false));
    }
    const after = probed.map((dir) => `${probeCreate(dir).toFixed(0)} µs`).join(', ');
    const out = outputs(runs - 1).ours;
    const pages = readdirSync(path.join(out, 'cases')).filter((e) => e.startsWith('FC-')).length;
    const models = readdirSync(path.join(out, 'models')).length;
    const a = medianRun(ours);
    console.log(
      `  ${String(n).padStart(7)} cases (${corpus}), failcat:   ${describeBuild(a)}, ${pages} case pages and ${models} model pages (internal audience), load average after ${load()}${eachRun(ours)}`,
    );
    if (project) {
      const b = medianRun(theirs);
      const w = medianRun(theirsWarm);
      console.log(
        `  ${String(n).padStart(7)} cases (${corpus}), Starlight: ${describeBuild(b)}; failcat's wall time ${(a.seconds / b.seconds).toFixed(2)}x Starlight's${eachRun(theirs)}`,
      );
      console.log(
        `  ${String(n).padStart(7)} cases (${corpus}), Starlight again with the caches of the build before (not the same work: failcat keeps none): ${describeBuild(w)}; failcat's wall time ${(a.seconds / w.seconds).toFixed(2)}x${eachRun(theirsWarm)}`,
      );
      starlightSite = outputs(runs - 1).theirs;
    }
    console.log(`  a new folder after the series: ${after}`);
    last = out;
  }
  const label = `the ${sizes.at(-1)}-case site (${corpus})`;
  if (last) await measureSearches([{ label, root: last }], CORPORA[corpus].words);
  if (starlightSite)
    await measureStarlightSearches(
      starlightSite,
      `the ${sizes.at(-1)}-case Starlight site (${corpus})`,
      CORPORA[corpus].words,
    );
}
if (values.keep) removeProbes();
else removeRunFolders();
