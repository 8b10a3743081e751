/** Values of a parsed document by path: dotted paths as the policy writes them, and every string with its path. */

/** Path segments of a value in a parsed document; [] is the whole document. */
export type Path = (string | number)[];

/** Dotted paths split once: the policy names a few dozen, read for every case. */
const SPLIT_PATHS = new Map<string, string[]>();

/** Reads a dotted path (`impact.users_affected`) from a document; undefined when any key is missing. */
export function getPath(data: unknown, dotted: string): unknown {
  let value = data;
  let keys = SPLIT_PATHS.get(dotted);
  if (!keys) SPLIT_PATHS.set(dotted, (keys = dotted.split('.')));
  for (const key of keys) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Calls `visit` for every string in a document, with its path. */
export function walkStrings(value: unknown, path: Path, visit: (text: string, path: Path) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
  }
}
