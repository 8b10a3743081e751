/**
 * Near-duplicate detection over case text: MinHash signatures of the words of a case's
 * title and summary, with locality-sensitive hashing so a catalog of 100,000 cases is
 * compared in near-linear time instead of pair by pair.
 */

/** Signature length: the similarity estimate's standard error is about 0.06 at 64. */
export const SIGNATURE_SIZE = 64;
/**
 * 12 bands of 5 rows: a pair at 0.7 similarity shares a band with probability 0.89, at
 * 0.8 with 0.99, and unrelated cases of one domain (about 0.3) rarely meet (0.03), which
 * keeps the candidate pairs few in large catalogs.
 */
const BANDS = 12;
const ROWS = 5;
/** Similarity at or above which two cases are reported as near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.7;
/** Largest bucket compared in full; bigger buckets hold copies of one template. */
const MAX_BUCKET = 64;

const STOP = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the their this to was were when which while with after before during over under not no than then'.split(
    ' ',
  ),
);

/** The words that identify a case: title and summary, lower-cased, without stop words. */
export function caseTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word.length > 1 && !STOP.has(word)) tokens.add(word);
  }
  return tokens;
}

/** Jaccard similarity of two token sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9 * (i + 1)));

/** The MinHash signature of a token set. */
export function signatureOf(tokens: ReadonlySet<string>): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const token of tokens) {
    const h = mix(hashString(token));
    // One strong hash per token, then a cheap multiply-xorshift per permutation: the
    // permutations only need to be independent enough for a similarity estimate.
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      let v = Math.imul(h ^ SEEDS[i]!, 0x9e3779b1);
      v = (v ^ (v >>> 15)) >>> 0;
      if (v < signature[i]!) signature[i] = v;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity of two signatures. */
export function estimateSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/** Whether two signatures already share one of the bands before `band` (compared there). */
function metInEarlierBand(a: ArrayLike<number>, b: ArrayLike<number>, band: number): boolean {
  for (let j = 0; j < band; j++) {
    let same = true;
    for (let r = j * ROWS; r < (j + 1) * ROWS; r++) {
      if (a[r] !== b[r]) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}

/** Items the band packing can index (20 bits). */
export const MAX_SIMILARITY_ITEMS = 1048576;

/** A pair of similar cases: `b` is the later one, `a` the most similar earlier one. */
export interface SimilarPair {
  a: number;
  b: number;
  similarity: number;
}

/**
 * For each signature, the most similar earlier one (by index) whose estimated similarity
 * reaches the threshold. Candidates come from LSH bands, so the work grows with the
 * number of similar pairs, not n², and the result holds at most one pair per item.
 */
export function findSimilarPairs(
  signatures: readonly ArrayLike<number>[],
  threshold = NEAR_DUPLICATE_THRESHOLD,
): SimilarPair[] {
  const best = new Map<number, SimilarPair>();
  const n = signatures.length;
  if (n > MAX_SIMILARITY_ITEMS) {
    throw new RangeError(`Near-duplicate detection handles at most ${MAX_SIMILARITY_ITEMS} cases; got ${n}.`);
  }
  // Each band groups items by a hash of its rows. Sorting (key, index) pairs packed into
  // one float64 (32 + 20 bits) groups them without a Map entry and an array per item.
  const packed = new Float64Array(n);
  for (let band = 0; band < BANDS; band++) {
    for (let i = 0; i < n; i++) {
      const s = signatures[i]!;
      let key = band;
      for (let r = 0; r < ROWS; r++) key = mix(key ^ s[band * ROWS + r]!);
      packed[i] = key * 1048576 + i;
    }
    packed.sort();
    for (let start = 0; start < n;) {
      const key = Math.floor(packed[start]! / 1048576);
      let end = start + 1;
      while (end < n && Math.floor(packed[end]! / 1048576) === key) end++;
      const size = Math.min(end - start, MAX_BUCKET);
      for (let x = 1; x < size; x++) {
        for (let y = 0; y < x; y++) {
          const p = packed[start + x]! % 1048576;
          const q = packed[start + y]! % 1048576;
          const a = Math.min(p, q);
          const b = Math.max(p, q);
          if (metInEarlierBand(signatures[a]!, signatures[b]!, band)) continue;
          const similarity = estimateSimilarity(signatures[a]!, signatures[b]!);
          const current = best.get(b);
          if (similarity >= threshold && (!current || similarity > current.similarity))
            best.set(b, { a, b, similarity });
        }
      }
      start = end;
    }
  }
  return [...best.values()].sort((p, q) => p.b - q.b);
}
