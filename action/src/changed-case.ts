/** How the validation comment names a changed case file, even one with errors. */
import type { ChangedCase } from '../../core/risk/comment.ts';
import { parseSource } from '../../core/parse/source.ts';

/**
 * The id, title and severity a case file declares, read leniently: a case with errors
 * still shows what it is about; only a file that does not parse stays unnamed.
 */
export function describeCaseFile(file: string, bytes: Uint8Array | undefined): ChangedCase {
  if (!bytes) return { file };
  const { data } = parseSource(file, bytes);
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { file };
  const field = (key: string) => {
    const value = (data as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  };
  return { file, id: field('id'), title: field('title'), severity: field('severity') };
}
