/**
 * The site's only way into the catalog: an Astro content loader over core's
 * one catalog loader (node/catalog-source.ts), so the site and `failcat validate` never disagree. The audience is
 * applied here, before anything reaches a page, the search index, or an export.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Loader } from 'astro/loaders';
import { joinPath } from '../../../core/model/files.ts';
import type { CatalogConfig } from '../../../core/validate/config.ts';
import type { Audience } from '../../../core/publish/export.ts';
import {
  GIT_LOG_ARGS,
  historyForAudience,
  parseGitLog,
  type HistoryEntry,
} from '../../../core/publish/history.ts';
import { renderText } from '../../../core/validate/report.ts';
import { findSimilarCases, type SiteCase, type SimilarCase } from '../../../core/publish/site-model.ts';
import { loadCatalog as loadCatalogSource } from '../../../node/catalog-source.ts';
import { catalogThreads } from '../../../node/pool/threads.ts';
import type { ResolvedSiteSettings } from '../settings.ts';
import { writeJsonLines } from '../../../node/json-lines.ts';

/** What the loader hands the pages. */
export interface LoadedCatalog {
  catalogDir: string;
  audience: Audience;
  config: CatalogConfig;
  cases: SiteCase[];
  /** Base of "edit this case" links (`<repo>/edit/<branch>/`), when the repository is known. */
  editBase?: string;
}

const run = promisify(execFile);

/** Commit history per case file from one `git log` over the cases folder; none outside git. */
async function loadHistory(casesDir: string): Promise<Map<string, HistoryEntry[]>> {
  try {
    const { stdout } = await run('git', ['-C', casesDir, ...GIT_LOG_ARGS], { maxBuffer: 1 << 30 });
    return parseGitLog(stdout);
  } catch {
    // Not a git checkout (or no git): the site simply shows no history.
    return new Map();
  }
}

/** `<repository>/edit/<branch>/<path from repository root>` base for the catalog folder. */
async function loadEditBase(
  dir: string,
  repoUrl: string | undefined,
  editBranch: string | undefined,
): Promise<string | undefined> {
  const repo = repoUrl?.replace(/\/+$/, '');
  if (repo === '') return undefined;
  try {
    const [{ stdout: top }, { stdout: branch }] = await Promise.all([
      run('git', ['-C', dir, 'rev-parse', '--show-toplevel']),
      run('git', ['-C', dir, 'rev-parse', '--abbrev-ref', 'HEAD']),
    ]);
    let url = repo;
    if (!url) {
      const { stdout } = await run('git', ['-C', dir, 'remote', 'get-url', 'origin']);
      url = remoteToWeb(stdout.trim());
    }
    if (!url) return undefined;
    const prefix = path.relative(top.trim(), dir).split(path.sep).join('/');
    const ref = editBranch || (branch.trim() === 'HEAD' ? 'main' : branch.trim());
    return `${url}/edit/${ref}/${prefix ? `${prefix}/` : ''}`;
  } catch {
    return undefined;
  }
}

/** A web URL from a git remote (`git@github.com:o/r.git`, `https://github.com/o/r.git`). */
function remoteToWeb(remote: string): string | undefined {
  const ssh = /^git@([^:]+):(.+?)(\.git)?$/.exec(remote);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  const https = /^https?:\/\/(?:[^@/]+@)?(.+?)(\.git)?$/.exec(remote);
  return https ? `https://${https[1]}` : undefined;
}

/** What loadCatalog needs to know: the catalog folder (absolute), the audience, the repository. */
export type CatalogOptions = Pick<ResolvedSiteSettings, 'catalog' | 'audience' | 'repoUrl' | 'editBranch'>;

/** Validates and loads the catalog (once per build); an invalid catalog throws with the findings. */
export async function loadCatalog(options: CatalogOptions): Promise<LoadedCatalog> {
  const dir = options.catalog;
  const result = await loadCatalogSource(
    { kind: 'folder', dir },
    { purpose: 'site', audience: options.audience ?? 'policy', threads: catalogThreads() },
  );
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0 || result.files.length === 0) {
    const detail =
      result.files.length === 0 && errors.length === 0
        ? `No case files under ${dir}/cases.`
        : renderText({ files: result.files.length, cases: result.caseCount, findings: errors }, false);
    throw new Error(
      `The catalog at ${dir} is not valid, so the site was not built.\n${detail}\n` +
        'Fix the findings above (run `npx failcat validate` to check) and build again.',
    );
  }
  const audience = result.audience!;
  const [fullHistory, editBase] = await Promise.all([
    loadHistory(joinPath(dir, 'cases')),
    loadEditBase(dir, options.repoUrl, options.editBranch),
  ]);
  const casesPrefix = `${joinPath(dir, 'cases')}/`;
  const relativeOf = (file: string) => (file.startsWith(casesPrefix) ? file.slice(casesPrefix.length) : file);
  // What the audience may see of commits (core/publish/history.ts historyForAudience).
  const history = historyForAudience(
    fullHistory,
    audience,
    new Set(result.cases.map((c) => relativeOf(c.file))),
  );
  const cases: SiteCase[] = [];
  for (const shown of result.cases) {
    const relative = relativeOf(shown.file);
    // The public build never names the file's internal path beyond the catalog folder.
    // The body repeats the sections' text; pages and exports read the sections, so the
    // store (held in memory, written to disk) keeps one copy.
    cases.push({
      record: { ...shown, body: '', file: `cases/${relative}` },
      history: history.get(relative) ?? [],
    });
  }
  return { catalogDir: dir, audience, config: result.config, cases, editBase };
}

/** A line of the records file: a case and its similar cases. */
export interface PreparedCase extends SiteCase {
  similar: SimilarCase[];
}

/** What the pages need besides the records: settings, and where the records file is. */
export interface PreparedCatalog {
  config: CatalogConfig;
  audience: Audience;
  editBase?: string;
  dataFile: string;
  /** Number of cases in the records file. */
  count: number;
}

/** The loader's request to the build program (over the IPC channel) for the catalog it prepared. */
export const CATALOG_WANTED = 'failcat:catalog-wanted';
/** The build program's answer: `{ type, catalog: PreparedCatalog }`. */
export const CATALOG_READY = 'failcat:catalog-ready';

/**
 * The catalog from the process that started Astro (site/build/build-site.ts), which
 * validates it (with this module's loadCatalog) while Astro starts, and indexes it for
 * search while Astro renders the pages.
 */
function requestPreparedCatalog(): Promise<PreparedCatalog> {
  const send = process.send?.bind(process);
  if (!send) {
    throw new Error(
      "The site's settings say the catalog comes from the parent process (catalogFrom: 'parent'), " +
        'but Astro was not started by the build program (site/build/main.ts); leave catalogFrom out to load the catalog folder.',
    );
  }
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string; catalog?: PreparedCatalog } | null) => {
      if (message?.type !== CATALOG_READY || !message.catalog) return;
      // Without a listener the IPC channel no longer keeps this process alive.
      process.off('message', onMessage);
      resolve(message.catalog);
    };
    process.on('message', onMessage);
    send({ type: CATALOG_WANTED });
  });
}

/** Writes a loaded catalog's records file, and says what the pages need to read it. */
export async function prepareCatalog(catalog: LoadedCatalog, dataFile: string): Promise<PreparedCatalog> {
  const { config, audience, editBase, cases } = catalog;
  await mkdir(path.dirname(dataFile), { recursive: true });
  // The similar cases are found here, where the cases are already held, not in Astro's
  // process, where their tokens and signatures (hundreds of MB at 100,000 cases) would
  // add to what it holds while it renders.
  const similar = findSimilarCases(cases.map((c) => c.record.data));
  await writeJsonLines(dataFile, cases, (c): PreparedCase => ({
    ...c,
    similar: similar.get(c.record.data.id) ?? [],
  }));
  return { config, audience, editBase, dataFile, count: cases.length };
}

/**
 * The content loader of the `catalog` collection: configuration, build settings, and the
 * records file. Cases are not store entries: Astro bundles the whole store into the
 * build as one module, and ten thousand entries no page reads cost seconds of bundling.
 */
export function catalogLoader(settings: ResolvedSiteSettings): Loader {
  return {
    name: 'failcat-catalog',
    async load({ store, logger }) {
      const prepared =
        settings.catalogFrom === 'parent'
          ? await requestPreparedCatalog()
          : await prepareCatalog(await loadCatalog(settings), settings.dataFile);
      logger.info(`${prepared.count} cases for the ${prepared.audience} audience`);
      store.clear();
      store.set({ id: 'catalog', data: prepared as unknown as Record<string, unknown> });
    },
  };
}
