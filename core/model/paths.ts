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

/** Parsed documents are at most 64 deep (core/parse/source.ts); this only bounds the recursion. */
const MAX_JOIN_DEPTH = 100;

/**
 * Every key and string of a document, each followed by a newline. Concatenation builds a
 * rope that a regex flattens once: faster than collecting and joining.
 */
function joinStrings(value: unknown, depth: number): string {
  if (typeof value === 'string') return value + '\n';
  if (value === null || typeof value !== 'object' || depth > MAX_JOIN_DEPTH) return '';
  let out = '';
  if (Array.isArray(value)) for (const v of value) out += joinStrings(v, depth + 1);
  else
    for (const key in value)
      out += key + '\n' + joinStrings((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

const joined = new WeakMap<object, string>();

/**
 * Every key and string of a parsed document joined (each followed by a newline),
 * computed once per document: the rules that first look whether anything could match
 * share it (a key can only make such a look say yes where the rule then finds nothing).
 */
export function allStrings(document: unknown): string {
  if (document === null || typeof document !== 'object') return joinStrings(document, 0);
  let text = joined.get(document);
  if (text === undefined) joined.set(document, (text = joinStrings(document, 0)));
  return text;
}
