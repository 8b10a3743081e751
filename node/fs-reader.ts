/** The Node file-system CatalogReader used by the CLI, the site and the action. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { joinPath, type CatalogReader } from '../core/validate/catalog.ts';

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

/**
 * A path of this operating system spelt as the catalog's paths are: segments joined by
 * `/`, without empty or `.` segments (`./catalog//cases/` is `catalog/cases`), absolute
 * when it was.
 */
export function catalogPath(osPath: string): string {
  const joined = joinPath(...osPath.split(path.sep));
  return path.isAbsolute(osPath) && !joined.startsWith('/') ? `/${joined}` : joined;
}

/**
 * The files below `dir`, folder by folder with synchronous reads: a command lists its
 * catalog before anything else can run, so nothing is gained by yielding, and the
 * recursive promise-based readdir is slower. Symbolic links are neither listed nor followed.
 */
function listFiles(dir: string): string[] {
  // With '/' paths and a folder already in joinPath's form, entries need only joining
  // (100,000 of them in a large catalog); otherwise each is normalised.
  const plain = path.sep === '/' && joinPath(dir) === dir;
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = plain ? `${folder}/${entry.name}` : path.join(folder, entry.name);
      if (entry.isFile()) files.push(plain ? file : catalogPath(file));
      else if (entry.isDirectory()) walk(file);
    }
  };
  walk(dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir);
  return files;
}

/** Reads catalog files from disk; symbolic links are not followed into the catalog. */
export const fsReader: CatalogReader = {
  async list(dir) {
    try {
      return listFiles(dir);
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
