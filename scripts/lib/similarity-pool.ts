/**
 * Near-duplicate detection on two threads for large catalogs: it runs after every case is
 * parsed, alone on the main thread, and at 100,000 cases it took about 2 s there. This
 * thread takes the first half of the LSH bands and a worker the second; merged, the
 * result is exactly that of one pass (core/similarity.ts).
 */
import type { SimilarityFinder } from '../../core/catalog.ts';
import {
  bestMatches,
  findSimilarPairs,
  mergeBestMatches,
  pairsOf,
  SIGNATURE_SIZE,
  SIMILARITY_BANDS,
  type BestMatches,
} from '../../core/similarity.ts';
import { DEFAULT_THREADS, runWorker } from './pool.ts';

/** Below this many cases the search takes well under the time a worker needs to start. */
export const MIN_CASES_FOR_SIMILARITY_WORKER = 20_000;

/** Input of the similarity worker: every signature side by side, and its bands. */
export interface SimilarityInput {
  signatures: SharedArrayBuffer;
  count: number;
  from: number;
  to: number;
}

/** The signatures of a flat buffer, one view each. */
export function signatureViews(buffer: SharedArrayBuffer, count: number): Uint32Array[] {
  const flat = new Uint32Array(buffer);
  return Array.from({ length: count }, (_, i) => flat.subarray(i * SIGNATURE_SIZE, (i + 1) * SIGNATURE_SIZE));
}

/** A SimilarityFinder that shares the bands with a worker thread in large catalogs. */
export function similarityFinder(
  threads = DEFAULT_THREADS,
  minCases = MIN_CASES_FOR_SIMILARITY_WORKER,
): SimilarityFinder {
  return async (signatures) => {
    if (signatures.length < minCases || threads < 2) return findSimilarPairs(signatures);
    const count = signatures.length;
    const buffer = new SharedArrayBuffer(count * SIGNATURE_SIZE * 4);
    const flat = new Uint32Array(buffer);
    signatures.forEach((s, i) => flat.set(s, i * SIGNATURE_SIZE));
    const half = Math.ceil(SIMILARITY_BANDS / 2);
    const input: SimilarityInput = { signatures: buffer, count, from: half, to: SIMILARITY_BANDS };
    const theirs = runWorker<BestMatches>(new URL('./similarity-worker.ts', import.meta.url), input, count);
    const mine = bestMatches(signatures, undefined, 0, half);
    return pairsOf(mergeBestMatches(mine, await theirs));
  };
}
