/** The Node file-system CatalogReader used by the CLI, the site and the action. */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { joinPath, type CatalogReader } from '../../core/catalog.ts';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * A file's bytes, or undefined when it does not exist. Synchronous on purpose: catalog
 * files are small, and a thread-pool hop per file costs more than the read itself when
 * validating 100,000 of them.
 */
function readFile(file: string): Uint8Array | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new Error(`Could not read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads catalog files from disk; symbolic links are not followed into the catalog. */
export const fsReader: CatalogReader = {
  async list(dir) {
    try {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      const files = entries.filter((e) => e.isFile());
      // With '/' paths and a folder already in joinPath's form, entries need only joining
      // (100,000 of them in a large catalog); otherwise each is normalised.
      if (path.sep === '/' && joinPath(dir) === dir) return files.map((e) => `${e.parentPath}/${e.name}`);
      return files
        .map((e) => joinPath(...path.join(e.parentPath, e.name).split(path.sep)))
        .map((p) => (dir.startsWith('/') && !p.startsWith('/') ? `/${p}` : p));
    } catch (error) {
      if (isMissing(error)) return [];
      throw new Error(`Could not list ${dir}: ${(error as Error).message}`, { cause: error });
    }
  },
  async read(file) {
    return readFile(file);
  },
  readSync: readFile,
};
