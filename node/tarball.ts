/**
 * Reading a repository tarball (the GitHub API's `tarball` endpoint) into memory, so a
 * catalog in another repository, private ones included, needs no git and no checkout.
 */
import { gunzipSync } from 'node:zlib';
import type { CatalogReader } from '../core/model/files.ts';
import { megabytes } from './http.ts';

function field(block: Uint8Array, start: number, length: number): string {
  const bytes = block.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function octal(block: Uint8Array, start: number, length: number): number {
  const text = field(block, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/**
 * The regular files of a gzipped tar archive, by path without the archive's top folder
 * (GitHub wraps everything in `owner-repo-sha/`). Understands ustar names with prefixes
 * and pax/GNU long names; skips links and folders. Unpacks at most `maxBytes`, so a gzip
 * bomb stops there.
 */
export function readTarball(gz: Uint8Array, maxBytes: number): Map<string, Uint8Array> {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        ? `it unpacks to more than the ${megabytes(maxBytes)} limit`
        : (error as Error).message;
    throw new Error(`The catalog tarball could not be unpacked: ${reason}.`, { cause: error });
  }
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data));
      if (m) longName = m[1];
      continue;
    }
    if (type === 'g') continue;
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type !== '0' && type !== '7') continue;
    const path = name.split('/').slice(1).join('/');
    if (path && !path.split('/').includes('..')) files.set(path, data);
  }
  return files;
}

/** A CatalogReader over files held in memory, which can always read at once. */
export type MemoryReader = CatalogReader & Required<Pick<CatalogReader, 'readSync'>>;

/** A CatalogReader over files held in memory. */
export function memoryReader(files: ReadonlyMap<string, Uint8Array>): MemoryReader {
  return {
    async list(dir) {
      const prefix = dir === '' || dir === '.' ? '' : `${dir.replace(/\/$/, '')}/`;
      return [...files.keys()].filter((p) => p.startsWith(prefix));
    },
    async read(file) {
      return files.get(file);
    },
    readSync(file) {
      return files.get(file);
    },
  };
}
