/**
 * How core reads files: the reader interface, the refusal of a path a reader will not
 * read, and paths joined with '/'. Light on purpose: the risk check's workers load it
 * without the rest of validation.
 */
import type { Finding } from './findings.ts';

/** Joins path segments with '/', without doubling separators. */
export function joinPath(...parts: string[]): string {
  return parts
    .filter((p) => p !== '' && p !== '.')
    .join('/')
    .replace(/\/{2,}/g, '/');
}

/** How core reads files: paths are as the caller gives them, joined with '/'. */
export interface CatalogReader {
  /**
   * Every file below a folder, as paths that start with the folder; [] when it does not
   * exist. Entries the reader will not read (links, other non-regular files) are listed
   * too, and a folder it could not list is listed with a trailing `/`: reading any of
   * them throws `RefusedFile`, so each becomes a finding instead of a silent gap.
   */
  list(dir: string): Promise<string[]>;
  /** A file's bytes, or undefined when it does not exist; throws `RefusedFile` for one it will not read. */
  read(file: string): Promise<Uint8Array | undefined>;
  /**
   * `read` without the promise, for readers that can (the file system): validation reads
   * every case file, and a promise per file costs more than the read itself.
   */
  readSync?(file: string): Uint8Array | undefined;
}

/**
 * A path a reader will not read (a symbolic link, a folder, FIFO or device, a file it may
 * not open, one over the size limit), with the finding to report instead of its content.
 */
export class RefusedFile extends Error {
  readonly file: string;
  readonly rule: 'unreadable-file' | 'file-too-large';
  readonly hint: string;

  constructor(file: string, rule: RefusedFile['rule'], message: string, hint: string) {
    super(message);
    this.name = 'RefusedFile';
    this.file = file;
    this.rule = rule;
    this.hint = hint;
  }

  /** The finding that stands for the file. */
  finding(): Finding {
    return {
      file: this.file,
      line: 1,
      column: 1,
      rule: this.rule,
      severity: 'error',
      message: this.message,
      hint: this.hint,
    };
  }
}

/** Reads a file through a reader, turning a refusal into its finding. */
export function readOrRefuse(
  reader: CatalogReader,
  file: string,
): Uint8Array | undefined | Finding | Promise<Uint8Array | undefined | Finding> {
  const refused = (error: unknown) => {
    if (error instanceof RefusedFile) return error.finding();
    throw error;
  };
  if (reader.readSync) {
    try {
      return reader.readSync(file);
    } catch (error) {
      return refused(error);
    }
  }
  return reader.read(file).catch(refused);
}
