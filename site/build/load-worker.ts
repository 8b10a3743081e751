/**
 * The site build's catalog work in a worker thread: validate and load the catalog, write
 * the records file the pages read, and make the search records. Only the small answer
 * (PreparedCatalog and the search records) comes back; the loaded catalog, the largest
 * thing a build holds (gigabytes at 100,000 cases), goes with the worker's heap when it
 * ends, instead of staying in the build program while Astro renders the pages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { searchLabels, searchRecordOf, type SearchRecord } from '../../core/publish/search-index.ts';
import { applyEnvironment } from '../../node/environment.ts';
import {
  loadCatalog,
  prepareCatalog,
  type CatalogOptions,
  type PreparedCatalog,
} from '../src/loaders/catalog.ts';

/** What the worker is given. */
export interface LoadWork {
  options: CatalogOptions;
  dataFile: string;
}

/** The worker's one message. */
export type LoadAnswer = { prepared: PreparedCatalog; records: SearchRecord[] } | { error: string };

applyEnvironment();

async function run({ options, dataFile }: LoadWork): Promise<LoadAnswer> {
  try {
    const loaded = await loadCatalog(options);
    const prepared = await prepareCatalog(loaded, dataFile);
    const labels = searchLabels(loaded.config);
    return { prepared, records: loaded.cases.map((c) => searchRecordOf(c, labels)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

parentPort!.postMessage(await run(workerData as LoadWork));
