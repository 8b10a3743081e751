/**
 * Near-duplicate detection on two threads: it runs after every case is parsed, alone on
 * the main thread, where in a large catalog it is the longest step left. This thread takes the
 * first half of the LSH bands and a worker the second: a spare validation worker, which
 * is warm and idle by then, or in a large catalog a worker started for it. Merged, the
 * result is exactly that of one pass (core/validate/similarity.ts).
 */
import type { SimilarityFinder } from '../../core/validate/catalog.ts';
import {
  bestMatches,
  findSimilarPairs,
  mergeBestMatches,
  pairsOf,
  SIGNATURE_SIZE,
  SIMILARITY_BANDS,
  type BestMatches,
} from '../../core/validate/similarity.ts';
import { parentPort } from 'node:worker_threads';
import {
  DEFAULT_THREADS,
  jobInput,
  releaseSpareWorkers,
  request,
  runWorker,
  takeSpareWorker,
  WORKER_SCRIPTS,
} from './pool.ts';

/** Below this many cases the search takes well under the time a worker needs to start. */
export const MIN_CASES_FOR_SIMILARITY_WORKER = 20_000;
/** Below this many cases the search takes about what handing half of it over costs. */
export const MIN_CASES_FOR_SPARE_WORKER = 2000;

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

/**
 * In a worker: waits for its part of the search, finds the best matches over its bands and
 * posts them back (their arrays transferred, not copied).
 */
export async function answerSimilarityJob(): Promise<void> {
  const input = await jobInput<SimilarityInput>();
  const best = bestMatches(signatureViews(input.signatures, input.count), undefined, input.from, input.to);
  parentPort!.postMessage(best, [best.a.buffer as ArrayBuffer, best.same.buffer as ArrayBuffer]);
}

/**
 * A SimilarityFinder that shares the bands with a spare validation worker when there is
 * one, or else in large catalogs with a worker it starts.
 */
export function similarityFinder(
  threads = DEFAULT_THREADS,
  minCases = MIN_CASES_FOR_SIMILARITY_WORKER,
  minCasesForSpare = MIN_CASES_FOR_SPARE_WORKER,
): SimilarityFinder {
  return async (signatures) => {
    const count = signatures.length;
    const spare = count >= minCasesForSpare ? takeSpareWorker() : undefined;
    releaseSpareWorkers();
    if (!spare && (count < minCases || threads < 2)) return findSimilarPairs(signatures);
    const buffer = new SharedArrayBuffer(count * SIGNATURE_SIZE * 4);
    const flat = new Uint32Array(buffer);
    signatures.forEach((s, i) => flat.set(s, i * SIGNATURE_SIZE));
    const half = Math.ceil(SIMILARITY_BANDS / 2);
    const input: SimilarityInput = { signatures: buffer, count, from: half, to: SIMILARITY_BANDS };
    const theirs = spare
      ? request<BestMatches>(spare, input).finally(() => void spare.terminate())
      : runWorker<BestMatches>(WORKER_SCRIPTS.similarity, input, count);
    const mine = bestMatches(signatures, undefined, 0, half);
    return pairsOf(mergeBestMatches(mine, await theirs));
  };
}
