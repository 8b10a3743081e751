/** The risk check's deployment manifest read from disk, in its own module: the file reader stays free of the risk check. */
import { RefusedFile } from '../core/model/files.ts';
import { readManifest } from '../core/risk/assess.ts';
import { readRegularFile } from './fs-reader.ts';

/**
 * Reads and checks the deployment manifest of the risk check like a catalog file: a
 * link, a non-regular, unreadable or oversized file is a finding, never followed or read.
 */
export function readManifestFile(file: string): ReturnType<typeof readManifest> {
  try {
    return readManifest(file, readRegularFile(file));
  } catch (error) {
    if (error instanceof RefusedFile) return { findings: [error.finding()] };
    throw error;
  }
}
