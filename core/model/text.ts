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
