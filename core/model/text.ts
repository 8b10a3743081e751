/** Small text helpers every stage shares: slugs, "did you mean", plurals. */

/**
 * A heading or name as an id: lower case, accents folded, every run of other characters one
 * dash. `## Root causes` gives `root-causes`, `## Café notes` gives `cafe-notes`.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A short slug of a title for a case's file name: its first eight words, or `case`. */
export function slugifyTitle(title: string): string {
  return slugify(title).split('-').slice(0, 8).join('-') || 'case';
}

/** The heading a section id reads as: `root-causes` gives `Root causes`. */
export function titleFromSlug(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Words that join the word before them with a hyphen in a heading: `follow-up`, `sign-off`. */
const PARTICLES = new Set(['up', 'in', 'out', 'off', 'on', 'down', 'over', 'back']);

/**
 * The `## ` heading of a narrative section id, as an author writes it: `follow-up` is
 * "Follow-up", `root-causes` "Root causes". Both slugify back to the id.
 */
export function headingFromSlug(id: string): string {
  const heading = id
    .split('-')
    .map((word, i) => (i === 0 ? word : `${PARTICLES.has(word) ? '-' : ' '}${word}`))
    .join('');
  return heading.charAt(0).toUpperCase() + heading.slice(1);
}

/** How `didYouMean` compares a word with the candidates. */
export interface DidYouMeanOptions {
  /**
   * `edit-distance`: the nearest candidate by Levenshtein distance, ignoring case, when it
   * is within a third of the word (at least 2): a misspelt field name.
   * `shared-prefix`: the candidate sharing the longest prefix, 3 more when one contains the
   * other, at least 3: kebab-case ids, where `drift` likelier means `data-drift` than the
   * nearest id by edit distance.
   */
  by: 'edit-distance' | 'shared-prefix';
}

/** The candidate `word` was probably meant to be, or undefined when none is plausible. */
export function didYouMean(
  word: string,
  candidates: Iterable<string>,
  { by }: DidYouMeanOptions,
): string | undefined {
  let best: string | undefined;
  if (by === 'shared-prefix') {
    let bestScore = 0;
    for (const candidate of candidates) {
      const contains = candidate.includes(word) || word.includes(candidate);
      const score = commonPrefixLength(word, candidate) + (contains ? 3 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    return bestScore >= 3 ? best : undefined;
  }
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a candidate past the limit by
    // length alone cannot be the answer (a file with 60,000 unknown keys asks 60,000 times).
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * A count and its noun, plural unless the count is 1: `plural(1, 'case')` gives `1 case`,
 * `plural(2, 'case')` `2 cases`. `grouped` writes thousands with commas (`2,000 cases`).
 */
export function plural(count: number, noun: string, { grouped = false }: { grouped?: boolean } = {}): string {
  return `${grouped ? count.toLocaleString('en') : count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Characters no output can carry as they are: C0 controls but tab and line ends, DEL, C1
 * controls, the noncharacters U+FDD0-U+FDEF, U+FFFE and U+FFFF (none is allowed in XML),
 * and UTF-16 surrogates without their pair (no UTF-8 encoder or search indexer takes one).
 */
const UNSAFE_SOURCE =
  '[\\0-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const UNSAFE = new RegExp(UNSAFE_SOURCE);
const UNSAFE_ALL = new RegExp(UNSAFE_SOURCE, 'g');

/** The first character of `text` no output can carry (see UNSAFE_SOURCE), with its index. */
export function unsafeCharacter(text: string): { index: number; code: string } | undefined {
  const m = UNSAFE.exec(text);
  return m ? { index: m.index, code: codeOf(m[0]) } : undefined;
}

/** `U+001B` for a character. */
export function codeOf(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Text with every character no output can carry replaced by U+FFFD, as writers need it. */
export function safeText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, '\uFFFD') : text;
}

/** Controls, line and paragraph separators, and lone surrogates, for terminal text. */
const CONTROL_SOURCE =
  '[\\0-\\x1F\\x7F-\\x9F\\u2028\\u2029]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const CONTROL = new RegExp(CONTROL_SOURCE);
const CONTROL_ALL = new RegExp(CONTROL_SOURCE, 'g');
const CONTROL_NAMES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text for one line of terminal or log output: every control character (line ends
 * included), separator and lone surrogate written as an escape (`\n`, `\u001b`), so a
 * value from a file cannot start a line (`::error::` in a CI log) or drive the terminal.
 */
export function escapeControl(text: string): string {
  return CONTROL.test(text)
    ? text.replace(
        CONTROL_ALL,
        (c) => CONTROL_NAMES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
    : text;
}

/** The longest excerpt of a value a message quotes. */
export const EXCERPT_LENGTH = 24;

/**
 * A short excerpt of a value for a message: JSON-quoted (control characters escaped) and
 * cut to EXCERPT_LENGTH characters with `…`, so a finding never echoes a whole file
 * or a long secret.
 */
export function excerpt(value: unknown, max = EXCERPT_LENGTH): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > max ? `${[...json].slice(0, max - 1).join('')}…` : json;
}

/** A key for a message: as written when short and plain, else a short excerpt. */
export function excerptKey(key: string, max = EXCERPT_LENGTH): string {
  return key.length <= max && !CONTROL.test(key) && !key.includes('`') ? key : excerpt(key, max);
}
