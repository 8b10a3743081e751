/**
 * The Node file-system CatalogReader used by the CLI, the site and the action. Catalog
 * files come from pull requests, so a path is judged by `lstat` before anything is
 * opened: a symbolic link (it could point at ~/.npmrc), a folder, FIFO (reading would
 * hang), device or socket, a file over the size limit (never read whole) or one that may
 * not be opened is refused with a finding (`RefusedFile`), never followed or aborted on.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { joinPath, RefusedFile, type CatalogReader } from '../core/model/files.ts';
import { MAX_FILE_BYTES } from '../core/parse/source.ts';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

const MIB = 1024 * 1024;

/** What a path is, for a message: `a symbolic link`, `a FIFO`. */
function kindOf(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The refusal of a path that is not a regular file, or too large. */
function refusal(file: string, info: Stats, maxBytes: number): RefusedFile | undefined {
  if (!info.isFile()) {
    return new RefusedFile(
      file,
      'unreadable-file',
      `${kindOf(info).replace(/^./, (c) => c.toUpperCase())} is where a file belongs; failcat reads only regular files and follows no link.`,
      info.isSymbolicLink()
        ? 'Commit the file itself instead of a link to it.'
        : 'Replace it with a regular file, or remove it from the catalog.',
    );
  }
  if (info.size > maxBytes) {
    return new RefusedFile(
      file,
      'file-too-large',
      `File is ${(info.size / MIB).toFixed(1)} MiB; catalog files may be at most ${maxBytes / MIB} MiB.`,
      'Keep large evidence (logs, datasets, notebooks) outside the catalog and link to it under evidence.links.',
    );
  }
  return undefined;
}

function unreadable(file: string, error: unknown, what = 'file'): RefusedFile {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new RefusedFile(
    file,
    'unreadable-file',
    `The ${what} cannot be read (${code}).`,
    code === 'EACCES' || code === 'EPERM'
      ? `Give the user running failcat read access to it, or move it out of the catalog.`
      : 'Check the file system; failcat skipped it.',
  );
}

// Opening never follows a link nor waits on a FIFO (the lstat above decided, this closes the race).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** A regular file opened for reading, with its size and modification time. */
export interface OpenedFile {
  fd: number;
  size: number;
  mtimeMs: number;
}

/**
 * Opens a regular file without following a link, or undefined when it does not exist;
 * throws `RefusedFile` for anything else (see the module comment). Close `fd` after use.
 */
export function openRegularFile(file: string, maxBytes = MAX_FILE_BYTES): OpenedFile | undefined {
  let info: Stats;
  try {
    info = lstatSync(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw unreadable(file, error);
  }
  const refused = refusal(file, info, maxBytes);
  if (refused) throw refused;
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    if (isMissing(error)) return undefined;
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw refusal(file, lstatSync(file), maxBytes) ?? unreadable(file, error);
    throw unreadable(file, error);
  }
  try {
    const opened = fstatSync(fd);
    const changed = refusal(file, opened, maxBytes);
    if (changed) throw changed;
    return { fd, size: opened.size, mtimeMs: opened.mtimeMs };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Reads an opened file: at most its size at opening plus one byte, so growth shows as too
 * large. A short read once the size at opening is in is the end of the file, so a file
 * that did not change takes one read, not a second one that answers nothing.
 */
export function readOpened({ fd, size }: OpenedFile, maxBytes = MAX_FILE_BYTES): Uint8Array {
  const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
  let length = 0;
  for (;;) {
    const wanted = buffer.length - length;
    const n = readSync(fd, buffer, length, wanted, null);
    if (n === 0) break;
    length += n;
    if (length === buffer.length || (n < wanted && length >= size)) break;
  }
  return buffer.subarray(0, length);
}

/**
 * A regular file's bytes, or undefined when it does not exist; throws `RefusedFile` for
 * a link, a non-regular or unreadable file, or one over `maxBytes`. Synchronous on
 * purpose: catalog files are small, and a thread-pool hop per file costs more than the
 * read itself when validating 100,000 of them.
 */
export function readRegularFile(file: string, maxBytes = MAX_FILE_BYTES): Uint8Array | undefined {
  const opened = openRegularFile(file, maxBytes);
  if (!opened) return undefined;
  try {
    return readOpened(opened, maxBytes);
  } catch (error) {
    throw unreadable(file, error);
  } finally {
    closeSync(opened.fd);
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
 * recursive promise-based readdir is slower. Symbolic links and other non-regular
 * entries are listed (reading them is refused) but never followed; a folder that cannot
 * be listed (`dir` itself included) is listed with a trailing `/`.
 */
function listFiles(dir: string): string[] {
  // With '/' paths and a folder already in joinPath's form, entries need only joining
  // (100,000 of them in a large catalog); otherwise each is normalised.
  const plain = path.sep === '/' && joinPath(dir) === dir;
  const files: string[] = [];
  const walk = (folder: string, top: boolean) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (top && isMissing(error)) return;
      files.push(`${plain ? folder : catalogPath(folder)}/`);
      return;
    }
    for (const entry of entries) {
      const file = plain ? `${folder}/${entry.name}` : path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file, false);
      else files.push(plain ? file : catalogPath(file));
    }
  };
  walk(dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir, true);
  return files;
}

/** Reads a path of a listing: a folder that could not be listed is refused. */
function readListed(file: string): Uint8Array | undefined {
  if (file.endsWith('/')) {
    try {
      readdirSync(file);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw unreadable(file.slice(0, -1), error, 'folder');
    }
    throw new RefusedFile(
      file.slice(0, -1),
      'unreadable-file',
      'The folder could not be listed.',
      'Check its permissions.',
    );
  }
  return readRegularFile(file);
}

/** Reads catalog files from disk: regular files only, never through a symbolic link. */
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
    return readListed(file);
  },
  readSync: readListed,
};
