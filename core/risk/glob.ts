/**
 * Safeguard globs matched without backtracking. Values come from the PR (a manifest's
 * features, changed paths), so a regular expression built from a glob (`*` as `.*?`) could
 * take minutes on one crafted value: here a glob is a small automaton walked one character
 * at a time over a set of states, so a match costs at most value length × glob length steps.
 *
 * The syntax is picomatch's as catalogs use it: `*`, `?`, `[abc]`, `[!a-z]`, `{a,b}`, `\x`;
 * for paths `*` and `?` stop at `/` and a whole `**` segment spans any number of folders.
 */

interface Token {
  /** Whether this token consumes the character; undefined for nothing. */
  test: (c: string) => boolean;
  /** Loops on itself (a star) instead of moving on. */
  loop: boolean;
  /** Further tokens reachable without consuming a character (beyond the next one for a star). */
  skip: number[];
}

/** Most alternatives a pattern's braces may expand to; past it the rest are left out. */
const MAX_ALTERNATIVES = 256;

/** Expands `{a,b}` groups (nested too) into the patterns they stand for. */
function expandBraces(pattern: string): string[] {
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        if (commas.length === 0) {
          commas.length = 0;
          continue;
        }
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        const bounds = [open, ...commas, i];
        const out: string[] = [];
        for (let k = 0; k + 1 < bounds.length && out.length < MAX_ALTERNATIVES; k++) {
          for (const p of expandBraces(head + pattern.slice(bounds[k]! + 1, bounds[k + 1]) + tail)) {
            if (out.length >= MAX_ALTERNATIVES) break;
            out.push(p);
          }
        }
        return out;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  return [pattern];
}

/** A bracket expression from `at` (the `[`): its test and where it ends, or undefined when unclosed. */
function bracket(
  pattern: string,
  at: number,
  path: boolean,
): { test: Token['test']; end: number } | undefined {
  let i = at + 1;
  const negate = pattern[i] === '!' || pattern[i] === '^';
  if (negate) i++;
  const ranges: [string, string][] = [];
  let first = true;
  for (; i < pattern.length; i++) {
    let c = pattern[i]!;
    if (c === ']' && !first) {
      const test = (ch: string) => {
        if (path && ch === '/') return false;
        const inside = ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
        return negate ? !inside : inside;
      };
      return { test, end: i };
    }
    first = false;
    if (c === '\\' && i + 1 < pattern.length) c = pattern[++i]!;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      let hi = pattern[i + 2]!;
      i += 2;
      if (hi === '\\' && i + 1 < pattern.length) hi = pattern[++i]!;
      ranges.push([c, hi]);
    } else ranges.push([c, c]);
  }
  return undefined;
}

/** The tokens of one brace-free pattern. */
function tokenize(pattern: string, path: boolean): Token[] {
  const tokens: Token[] = [];
  const literal = (ch: string): Token => ({ test: (c) => c === ch, loop: false, skip: [] });
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      let end = i;
      while (pattern[end + 1] === '*') end++;
      const wholeSegment =
        end > i &&
        (i === 0 || pattern[i - 1] === '/') &&
        (end + 1 === pattern.length || pattern[end + 1] === '/');
      if (path && wholeSegment) {
        if (end + 1 < pattern.length) {
          // `**/`: no folder at all (skip to after the slash), or any folders then the slash.
          const at = tokens.length;
          tokens.push({ test: () => false, loop: false, skip: [at + 1, at + 3] });
          tokens.push({ test: () => true, loop: true, skip: [] }, literal('/'));
          end++;
        } else {
          const at = tokens.length;
          // A trailing `/**` matches the folder itself as well.
          if (at > 0 && !tokens[at - 1]!.loop) tokens[at - 1]!.skip.push(at + 1);
          tokens.push({ test: () => true, loop: true, skip: [] });
        }
      } else {
        const one = path ? (ch: string) => ch !== '/' : () => true;
        // A path segment that is only a star names something: it matches one character at least.
        const segment =
          path &&
          (i === 0 || pattern[i - 1] === '/') &&
          (end + 1 === pattern.length || pattern[end + 1] === '/');
        if (segment) tokens.push({ test: one, loop: false, skip: [] });
        tokens.push({ test: one, loop: true, skip: [] });
      }
      i = end;
    } else if (c === '?')
      tokens.push({ test: path ? (ch) => ch !== '/' : () => true, loop: false, skip: [] });
    else if (c === '[') {
      const b = bracket(pattern, i, path);
      if (b) {
        tokens.push({ test: b.test, loop: false, skip: [] });
        i = b.end;
      } else tokens.push(literal('['));
    } else if (c === '\\' && i + 1 < pattern.length) tokens.push(literal(pattern[++i]!));
    else tokens.push(literal(c));
  }
  return tokens;
}

/** Whether the tokens match the whole value: the set of live states, advanced per character. */
function run(tokens: readonly Token[], value: string): boolean {
  const n = tokens.length;
  let live = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const stack: number[] = [];
  const close = (set: Uint8Array, from: number) => {
    stack.push(from);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (set[s]) continue;
      set[s] = 1;
      if (s === n) continue;
      const t = tokens[s]!;
      if (t.loop) stack.push(s + 1);
      for (const k of t.skip) stack.push(k);
    }
  };
  close(live, 0);
  for (const ch of value) {
    next.fill(0);
    let any = false;
    for (let s = 0; s < n; s++) {
      if (!live[s] || !tokens[s]!.test(ch)) continue;
      close(next, tokens[s]!.loop ? s : s + 1);
      any = true;
    }
    if (!any) return false;
    [live, next] = [next, live];
  }
  return live[n] === 1;
}

/**
 * A glob as a test of values. `path`: `*` and `?` stop at `/`, `**` spans folders, letters
 * keep their case; otherwise (names: models, features, data sources) `*` spans everything
 * and letters match in any case, since names like `s3://bucket/table` are not file paths.
 */
export function compileGlob(pattern: string, path: boolean): (value: string) => boolean {
  const fold = (s: string) => (path ? s : s.toLowerCase());
  const alternatives = expandBraces(fold(pattern)).map((p) => tokenize(p, path));
  return (value) => {
    const v = fold(value);
    return alternatives.some((tokens) => run(tokens, v));
  };
}
