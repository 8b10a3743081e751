/**
 * The site build's catalog work in a process of its own, started by build-site.ts with
 * its options (LoadCatalogOptions) as JSON in the first argument: validate and load the
 * catalog, write the records file the pages read and the search records file. The loaded
 * catalog is the largest thing a build holds (gigabytes at 100,000 cases); in a process
 * that ends once the files are written, it is not kept while Astro renders the pages.
 * Answers over its IPC channel, as main.ts does: the PreparedCatalog, or `{ error }`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { searchLabels, searchRecordOf } from '../../core/publish/search-index.ts';
import { applyEnvironment } from '../../node/environment.ts';
import { writeJsonLines } from '../../node/json-lines.ts';
import {
  loadCatalog,
  prepareCatalog,
  type CatalogOptions,
  type PreparedCatalog,
} from '../src/loaders/catalog.ts';

/** What the program is given. */
export interface LoadCatalogOptions {
  catalog: CatalogOptions;
  /** Where the pages' records file goes. */
  dataFile: string;
  /** Where the search records go (JSON Lines, a record a line). */
  recordsFile: string;
}

/** The program's answer. */
export type LoadCatalogResult = { ok: true; catalog: PreparedCatalog } | { ok: false; message: string };

applyEnvironment();

async function run(options: LoadCatalogOptions): Promise<LoadCatalogResult> {
  try {
    const loaded = await loadCatalog(options.catalog);
    const catalog = await prepareCatalog(loaded, options.dataFile);
    const labels = searchLabels(loaded.config);
    await mkdir(path.dirname(options.recordsFile), { recursive: true });
    await writeJsonLines(options.recordsFile, loaded.cases, (c) => searchRecordOf(c, labels));
    return { ok: true, catalog };
  } catch (error) {
    // The message and its causes: a pool worker's failure says why in its cause.
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return { ok: false, message: messages.join(' ') || String(error) };
  }
}

const result = await run(JSON.parse(process.argv[2] ?? '') as LoadCatalogOptions);
process.send!(result, () => process.exit());
