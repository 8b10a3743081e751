/** The site's search index: the audience's cases as Pagefind records, written as Pagefind's bundle. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { searchBundles, type SearchRecord } from '../../core/publish/search-index.ts';

/** Files written at once (10,000 fragments would otherwise open 10,000 handles together). */
const WRITE_BATCH = 64;

/**
 * Indexes the audience's search records, writing Pagefind's bundles below `siteDir`
 * (`pagefind/`, then `pagefind/shards/N/` for each further `shardSize` cases; see
 * searchBundles). The bundles are built one after the other, so Pagefind holds only one
 * bundle's index in memory at a time, and only one bundle's records are read at a time.
 * Resolves with the number of cases indexed.
 */
export async function indexRecordsInBundles(
  records: AsyncIterable<SearchRecord>,
  count: number,
  siteDir: string,
  shardSize: number,
  log?: (message: string) => void,
): Promise<number> {
  const bundles = searchBundles(count, shardSize);
  log?.(
    `indexing ${count} cases for search while the pages render` +
      (bundles.length > 1 ? `, in ${bundles.length} bundles of up to ${shardSize}` : ''),
  );
  const reader = records[Symbol.asyncIterator]();
  let indexed = 0;
  try {
    for (const bundle of bundles) {
      if (stopped) throw new Error('Search indexing was stopped.');
      const shard: SearchRecord[] = [];
      for (let next; shard.length < shardSize && !(next = await reader.next()).done;) shard.push(next.value);
      indexed += await indexRecords(shard, path.join(siteDir, ...bundle.split('/')), log);
    }
  } finally {
    await reader.return?.();
  }
  return indexed;
}

/**
 * Indexes search records with Pagefind and writes its bundle to `outputPath`; any error
 * it reports fails the build, and so does an empty index.
 */
export async function indexRecords(
  records: readonly SearchRecord[],
  outputPath: string,
  log?: (message: string) => void,
): Promise<number> {
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const pagefind = await import('pagefind');
  const fail = (step: string, errors: string[]) =>
    new Error(
      `Pagefind could not ${step} for ${outputPath}: ${errors.join('; ')}. The site has no search, so the build failed.`,
    );
  try {
    if (records.length === 0) throw fail('index the cases', ['there is no case to index']);
    const created = await pagefind.createIndex({});
    if (created.errors.length || !created.index) throw fail('create an index', created.errors);
    const index = created.index;
    const added = await Promise.all(records.map((r) => index.addCustomRecord(r)));
    const errors = added.flatMap((a) => a.errors);
    if (errors.length) throw fail('index the cases', errors);
    log?.(`${records.length} records indexed by Pagefind (${seconds()})`);
    // The files come back over the service's pipe and are written here: with writeFiles,
    // closing the service right after it answered has left a file empty (its writes
    // still in flight when the process was stopped).
    const built = await index.getFiles();
    if (built.errors.length) throw fail('write the index', built.errors);
    log?.(`${built.files.length} index files built (${seconds()})`);
    for (const dir of new Set(built.files.map((f) => path.dirname(path.join(outputPath, f.path)))))
      await mkdir(dir, { recursive: true });
    for (let i = 0; i < built.files.length; i += WRITE_BATCH) {
      await Promise.all(
        built.files.slice(i, i + WRITE_BATCH).map((f) => writeFile(path.join(outputPath, f.path), f.content)),
      );
    }
    log?.(`index written (${seconds()})`);
    return records.length;
  } finally {
    await pagefind.close();
  }
}

/** Set by stopIndexing: no further bundle starts. */
let stopped = false;

/** Stops Pagefind's service: an indexing under way fails at once, and no further bundle starts (a failed build wants no index). */
export async function stopIndexing(): Promise<void> {
  stopped = true;
  const pagefind = await import('pagefind');
  await pagefind.close();
}
