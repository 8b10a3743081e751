/**
 * Near-duplicate detection over case text: MinHash signatures of the words of a case's
 * title and summary (in every script: word boundaries, and character pairs in scripts
 * written without spaces), with locality-sensitive hashing so a catalog of 100,000 cases
 * is compared in near-linear time instead of pair by pair; each candidate is then
 * confirmed with its exact similarity, from the case's sorted word hashes.
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

/** Scripts written without spaces between words: their text is compared by character pairs. */
const NO_SPACE_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]+/gu;
/** Splits a word segment where ASCII text splits (punctuation inside words: `don't`, `gpt-4`). */
const NOT_WORD_CHAR = /[^\p{L}\p{N}\p{M}]+/u;
let words: Intl.Segmenter | undefined;

/**
 * The words that identify a case: title and summary, lower-cased, without stop words and
 * one-letter words. Text in any script: words by Unicode word boundaries, and in scripts
 * written without spaces (Chinese, Japanese, Thai...) every pair of adjacent characters,
 * so two unrelated Chinese cases share few tokens rather than none.
 */
export function caseTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  // eslint-disable-next-line no-control-regex -- ASCII text, the common case, splits simply
  if (!/[^\x00-\x7f]/.test(text)) {
    for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
      if (word.length > 1 && !STOP.has(word)) tokens.add(word);
    }
    return tokens;
  }
  const lower = text.normalize('NFKC').toLowerCase();
  const rest = lower.replace(NO_SPACE_RUN, (run) => {
    const chars = [...run];
    if (chars.length === 1) tokens.add(run);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
    return ' ';
  });
  words ??= new Intl.Segmenter('und', { granularity: 'word' });
  for (const segment of words.segment(rest)) {
    if (!segment.isWordLike) continue;
    for (const word of segment.segment.split(NOT_WORD_CHAR)) {
      if (word.length > 1 && !STOP.has(word) && [...word].length > 1) tokens.add(word);
    }
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

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function hashString(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Length of the longest stop word: longer words need no lookup. */
const LONGEST_STOP_WORD = Math.max(...[...STOP].map((w) => w.length));
/** Hashes of the stop words, a quick test before the exact one in textSignature. */
const STOP_HASHES = new Set([...STOP].map(hashString));

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Int32Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9 * (i + 1)));

/** The MinHash signature of a token set. */
export function signatureOf(tokens: ReadonlySet<string>): Uint32Array {
  startSignature();
  for (const token of tokens) addToSignature(hashString(token));
  return finishSignature();
}

/** A text's MinHash signature and the sorted hashes of its words, for the exact similarity. */
export interface TextFingerprint {
  signature: Uint32Array;
  tokens: Uint32Array;
}

/** The hashes of a token set, sorted and unique (see exactSimilarity). */
export function tokenHashes(tokens: ReadonlySet<string>): Uint32Array {
  scratchCount = 0;
  for (const token of tokens) keepHash(hashString(token));
  return finishTokens();
}

/**
 * `textSignature` and the word hashes it signed: what a case summary keeps, so a
 * candidate pair can be confirmed with its exact similarity before a percentage is shown.
 */
export function textFingerprint(text: string): TextFingerprint {
  scratchCount = 0;
  const signature = textSignature(text, true);
  return { signature, tokens: finishTokens() };
}

/** Word hashes of the text being signed, when they are kept. */
let scratch = new Uint32Array(256);
let scratchCount = 0;

function keepHash(hash: number): void {
  if (scratchCount === scratch.length) {
    const wider = new Uint32Array(scratch.length * 2);
    wider.set(scratch);
    scratch = wider;
  }
  scratch[scratchCount++] = hash;
}

/** The kept hashes, sorted and unique, cut from a shared slab (as signatures are). */
function finishTokens(): Uint32Array {
  const kept = scratch.subarray(0, scratchCount).sort();
  let n = 0;
  for (let i = 0; i < kept.length; i++) if (i === 0 || kept[i] !== kept[i - 1]) kept[n++] = kept[i]!;
  if (tokenSlabUsed + n > TOKEN_SLAB) {
    tokenSlab = new ArrayBuffer(Math.max(TOKEN_SLAB, n) * 4);
    tokenSlabUsed = 0;
  }
  const tokens = new Uint32Array(tokenSlab, tokenSlabUsed * 4, n);
  tokens.set(kept.subarray(0, n));
  tokenSlabUsed += n;
  return tokens;
}

const TOKEN_SLAB = 65536;
let tokenSlab = new ArrayBuffer(0);
let tokenSlabUsed = TOKEN_SLAB;

/** The hashes in one of two sorted hash lists (case summaries' `tokens`) but not the other. */
export function symmetricDifference(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (a[i]! < b[j]!) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Exact Jaccard similarity of two sorted, unique hash lists (tokenHashes, textFingerprint). */
export function exactSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 && b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/**
 * The MinHash signature of the words of a text: `signatureOf(caseTokens(text))`, computed
 * for ASCII text without building the words (each is hashed as it is scanned). This runs
 * for every case of every validation; other text takes the general route.
 */
export function textSignature(text: string, keep = false): Uint32Array {
  startSignature();
  const generation = nextGeneration();
  let h = FNV_OFFSET;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    let c = i < text.length ? text.charCodeAt(i) : 32;
    if (c >= 128) {
      const tokens = caseTokens(text);
      if (keep) {
        scratchCount = 0;
        for (const token of tokens) keepHash(hashString(token));
      }
      return signatureOf(tokens);
    }
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start === -1) {
        start = i;
        h = FNV_OFFSET;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    } else if (start !== -1) {
      const hash = h >>> 0;
      if (
        i - start > 1 &&
        firstSighting(hash, generation) &&
        !(
          i - start <= LONGEST_STOP_WORD &&
          STOP_HASHES.has(hash) &&
          STOP.has(text.slice(start, i).toLowerCase())
        )
      ) {
        addToSignature(hash);
        if (keep) keepHash(hash);
      }
      start = -1;
    }
  }
  return finishSignature();
}

/**
 * Words already added to the signature being built: an open-addressing table of hashes,
 * stamped with a generation per signature so it never needs clearing. A repeated word
 * changes no minimum; skipping it spares its 64 permutations. Past SEEN_LIMIT words every
 * word counts as new, which is only slower.
 */
const SEEN_SIZE = 1024;
const SEEN_LIMIT = 512;
const seenHash = new Int32Array(SEEN_SIZE);
const seenStamp = new Int32Array(SEEN_SIZE);
let seenGeneration = 0;
let seenCount = 0;

function nextGeneration(): number {
  seenCount = 0;
  seenGeneration = (seenGeneration + 1) | 0 || 1;
  if (seenGeneration === 1) seenStamp.fill(0);
  return seenGeneration;
}

/** Whether `hash` is new in this generation (and records it). */
function firstSighting(hash: number, generation: number): boolean {
  if (seenCount >= SEEN_LIMIT) return true;
  const h = hash | 0;
  for (let i = Math.imul(h, 0x9e3779b1) >>> 22; ; i = (i + 1) & (SEEN_SIZE - 1)) {
    if (seenStamp[i] !== generation) {
      seenStamp[i] = generation;
      seenHash[i] = h;
      seenCount++;
      return true;
    }
    if (seenHash[i] === h) return false;
  }
}

/**
 * Signatures are cut from shared slabs rather than given a buffer each: a catalog has
 * one per case, and a worker thread posts thousands at once: views of a few slabs cross
 * to another thread far more cheaply than one buffer per signature.
 */
const SLAB_SIGNATURES = 4096;
let slab = new ArrayBuffer(0);
let slabUsed = SLAB_SIGNATURES;

/**
 * The minima of the signature being built, one at a time: a fixed array, not the
 * signature's own view into a slab, which V8 would reach through the view's buffer and
 * offset at every step of the hot loop.
 */
const minima = new Int32Array(SIGNATURE_SIZE);

/** Starts a signature: every minimum at its largest. */
function startSignature(): void {
  minima.fill(0x7fffffff);
}

/** The signature built since startSignature, copied into a slab. */
function finishSignature(): Uint32Array {
  if (slabUsed === SLAB_SIGNATURES) {
    slab = new ArrayBuffer(SLAB_SIGNATURES * SIGNATURE_SIZE * 4);
    slabUsed = 0;
  }
  const offset = slabUsed++ * SIGNATURE_SIZE * 4;
  new Int32Array(slab, offset, SIGNATURE_SIZE).set(minima);
  return new Uint32Array(slab, offset, SIGNATURE_SIZE);
}

/**
 * Adds a token's hash to the signature being built: one strong mix, then a cheap
 * multiply-xorshift per permutation (independent enough for a similarity estimate). Minima
 * are kept in signed 32-bit order, which is as good an order as any and keeps the loop in
 * integer arithmetic.
 */
function addToSignature(hash: number): void {
  const h = mix(hash) | 0;
  const m = minima;
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    let v = Math.imul(h ^ SEEDS[i]!, 0x9e3779b1);
    v ^= v >>> 15;
    if (v < m[i]!) m[i] = v;
  }
}

/** Estimated Jaccard similarity of two signatures. */
export function estimateSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
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
  return pairsOf(bestMatches(signatures, threshold));
}

/** Bands of the LSH index; `bestMatches` can work on a range of them. */
export const SIMILARITY_BANDS = BANDS;

/** Per item, the earlier item most similar to it (-1: none) and the rows they share. */
export interface BestMatches {
  a: Int32Array;
  same: Int32Array;
}

/**
 * The best earlier match of every item among the candidates of bands `from` to `to`
 * (exclusive). Ranges of bands can be computed apart (on other threads) and combined with
 * `mergeBestMatches`, which gives what one pass over all bands gives.
 */
export function bestMatches(
  signatures: readonly ArrayLike<number>[],
  threshold = NEAR_DUPLICATE_THRESHOLD,
  from = 0,
  to = BANDS,
): BestMatches {
  const n = signatures.length;
  if (n > MAX_SIMILARITY_ITEMS) {
    throw new RangeError(`Near-duplicate detection handles at most ${MAX_SIMILARITY_ITEMS} cases; got ${n}.`);
  }
  const best: BestMatches = { a: new Int32Array(n).fill(-1), same: new Int32Array(n) };
  const minSame = Math.max(1, Math.ceil(threshold * SIGNATURE_SIZE - 1e-9));
  // Each band groups items by a hash of its rows. Sorting (key, index) pairs packed into
  // one float64 (32 + 20 bits) groups them without a Map entry and an array per item,
  // and orders each group by index.
  const packed = new Float64Array(n);
  const lowBytes = lowBytesOf(signatures);
  // A group's low bytes, copied side by side: each is read from memory once per group
  // rather than once per pair.
  const rows = new Uint32Array(MAX_BUCKET * LOW_WORDS);
  // The items of the group being compared, as integers (taken out of `packed` once each).
  const items = new Int32Array(MAX_BUCKET);
  // Each step is a function of its own: V8 optimises a small function called many times
  // as soon as it is hot, where one long function of loops, called once per validation,
  // would run much of its work before its loops were optimised.
  for (let band = from; band < to; band++) {
    packBandKeys(signatures, band, packed);
    packed.sort();
    for (let start = 0; start < n;) {
      const end = groupEnd(packed, start);
      const size = Math.min(end - start, MAX_BUCKET);
      if (size > 1) compareGroup(signatures, packed, start, size, lowBytes, rows, items, minSame, best);
      start = end;
    }
  }
  return best;
}

/**
 * The low byte of every row, four to a word: a pair has at least as many equal low bytes
 * as equal rows, so counting those first (a quarter of the reads) rules out most pairs of
 * a group, and only the rest are compared row by row.
 */
function lowBytesOf(signatures: readonly ArrayLike<number>[]): Uint32Array {
  const lowBytes = new Uint32Array(signatures.length * LOW_WORDS);
  for (let i = 0; i < signatures.length; i++) {
    const s = signatures[i]!;
    for (let w = 0; w < LOW_WORDS; w++) {
      const r = w * 4;
      lowBytes[i * LOW_WORDS + w] =
        (s[r]! & 0xff) | ((s[r + 1]! & 0xff) << 8) | ((s[r + 2]! & 0xff) << 16) | ((s[r + 3]! & 0xff) << 24);
    }
  }
  return lowBytes;
}

/** Fills `packed` with each item's key in `band` (a hash of its rows) and its index. */
function packBandKeys(signatures: readonly ArrayLike<number>[], band: number, packed: Float64Array): void {
  for (let i = 0; i < signatures.length; i++) {
    const s = signatures[i]!;
    let key = band;
    for (let r = 0; r < ROWS; r++) key = mix(key ^ s[band * ROWS + r]!);
    packed[i] = key * 1048576 + i;
  }
}

/** Where the group of equal keys that starts at `start` of the sorted `packed` ends. */
function groupEnd(packed: Float64Array, start: number): number {
  const key = Math.floor(packed[start]! / 1048576);
  let end = start + 1;
  while (end < packed.length && Math.floor(packed[end]! / 1048576) === key) end++;
  return end;
}

/**
 * Compares every pair of the first `size` items of the group at `start`, keeping each
 * item's best earlier match. A pair that shares several bands is compared in each:
 * keeping the best per item makes that harmless, and skipping pairs met in an earlier
 * band would also skip those that band's size cap had left uncompared. Only a pair with
 * more rows in common than the later item's best so far can change it, so that best
 * raises the bar the low bytes and the rows must clear: in a family of near-duplicates
 * (an imported feed's templated records) most pairs stop at the first words.
 */
function compareGroup(
  signatures: readonly ArrayLike<number>[],
  packed: Float64Array,
  start: number,
  size: number,
  lowBytes: Uint32Array,
  rows: Uint32Array,
  items: Int32Array,
  minSame: number,
  best: BestMatches,
): void {
  for (let x = 0; x < size; x++) {
    const item = packed[start + x]! % 1048576;
    items[x] = item;
    rows.set(lowBytes.subarray(item * LOW_WORDS, (item + 1) * LOW_WORDS), x * LOW_WORDS);
  }
  for (let x = 1; x < size; x++) {
    const b = items[x]!;
    const signature = signatures[b]!;
    for (let y = 0; y < x; y++) {
      const need = Math.max(minSame, best.same[b]! + 1);
      if (need > SIGNATURE_SIZE) break;
      if (!mayBeSimilar(rows, x * LOW_WORDS, y * LOW_WORDS, need)) continue;
      const a = items[y]!;
      const same = rowsInCommon(signature, signatures[a]!, need);
      if (same > best.same[b]!) {
        best.same[b] = same;
        best.a[b] = a;
      }
    }
  }
}

/** Combines the matches of a range of bands with those of the range after it. */
export function mergeBestMatches(earlier: BestMatches, later: BestMatches): BestMatches {
  for (let b = 0; b < earlier.a.length; b++) {
    // Strictly better only: on a tie the earlier bands' match stands, as in one pass.
    if (later.same[b]! > earlier.same[b]!) {
      earlier.same[b] = later.same[b]!;
      earlier.a[b] = later.a[b]!;
    }
  }
  return earlier;
}

/** The pairs of a BestMatches, ordered by the later item. */
export function pairsOf(best: BestMatches): SimilarPair[] {
  const pairs: SimilarPair[] = [];
  for (let b = 0; b < best.a.length; b++) {
    if (best.a[b]! >= 0) pairs.push({ a: best.a[b]!, b, similarity: best.same[b]! / SIGNATURE_SIZE });
  }
  return pairs;
}

/** Words of four low bytes per signature (see bestMatches). */
const LOW_WORDS = SIGNATURE_SIZE / 4;

/**
 * Whether two signatures' low bytes (words of `rows` at `x` and `y`) leave room for
 * `minSame` equal rows: false as soon as too many bytes differ, which is where most pairs
 * of a group stop.
 */
function mayBeSimilar(rows: Uint32Array, x: number, y: number, minSame: number): boolean {
  let same = 0;
  for (let w = 0; w < LOW_WORDS; w++) {
    const d = rows[x + w]! ^ rows[y + w]!;
    // 0x80 in each byte of d that is zero, then the four flags summed in the top byte.
    const zero = ~(((d & 0x7f7f7f7f) + 0x7f7f7f7f) | d | 0x7f7f7f7f);
    same += Math.imul(zero >>> 7, 0x01010101) >>> 24;
    if (same + (LOW_WORDS - 1 - w) * 4 < minSame) return false;
  }
  return true;
}

/**
 * The rows two signatures have in common, or 0 as soon as fewer than `minSame` can.
 */
function rowsInCommon(x: ArrayLike<number>, y: ArrayLike<number>, minSame: number): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    if (x[i] === y[i]) same++;
    else if (same + (SIGNATURE_SIZE - 1 - i) < minSame) return 0;
  }
  return same;
}
