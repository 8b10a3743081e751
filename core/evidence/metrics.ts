/** Proportions with Wilson score intervals, and the metric set of a confusion matrix. */
import type { FailureCase } from '../model/schema-types.ts';

type Evidence = NonNullable<FailureCase['evidence']>;
/** Precision, recall, false-positive rate and support, as the case schema stores them. */
export type MetricSet = NonNullable<Evidence['metrics']>;
/** A proportion with its 95% interval. */
export type Rate = NonNullable<MetricSet['precision']>;

/** z for a two-sided 95% interval. */
const Z = 1.959964;

/** Rounds for storage: four decimals are enough for a rate and keep the YAML readable. */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * The 95% Wilson score interval of `hits` out of `n`: unlike the normal approximation it
 * stays inside [0, 1] and behaves on small slices, where failures hide. Undefined for n = 0.
 */
export function wilson(hits: number, n: number): Rate | undefined {
  if (n <= 0) return undefined;
  const p = hits / n;
  const z2 = Z * Z;
  const centre = p + z2 / (2 * n);
  const spread = Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return {
    value: round4(p),
    low: round4(Math.max(0, (centre - spread) / denom)),
    high: round4(Math.min(1, (centre + spread) / denom)),
    n,
  };
}

/** Counts of one confusion matrix seen one-versus-rest for the positive class. */
export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Correct predictions over all classes (equals tp + tn for two classes). */
  correct: number;
  total: number;
}

/** The metric set of a matrix (`matrix[actual][predicted]`) for the label at index `positive`. */
export function binaryCounts(matrix: readonly (readonly number[])[], positive: number): BinaryCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let correct = 0;
  let total = 0;
  matrix.forEach((row, a) =>
    row.forEach((count, p) => {
      total += count;
      if (a === p) correct += count;
      if (a === positive && p === positive) tp += count;
      else if (a === positive) fn += count;
      else if (p === positive) fp += count;
      else tn += count;
    }),
  );
  return { tp, fp, fn, tn, correct, total };
}

/** Precision, recall, false-positive rate and accuracy with intervals; a rate over nothing is left out. */
export function metricSet(c: BinaryCounts): MetricSet {
  const set: MetricSet = { support: c.total, positives: c.tp + c.fn };
  const entries: [keyof MetricSet, Rate | undefined][] = [
    ['accuracy', wilson(c.correct, c.total)],
    ['precision', wilson(c.tp, c.tp + c.fp)],
    ['recall', wilson(c.tp, c.tp + c.fn)],
    ['fpr', wilson(c.fp, c.fp + c.tn)],
  ];
  for (const [key, rate] of entries) if (rate) (set as unknown as Record<string, unknown>)[key] = rate;
  return set;
}

/** A flag of a slice: which metric's aggregate value lies outside the slice's interval, and on which side. */
export type SliceFlag =
  'precision-below' | 'precision-above' | 'recall-below' | 'recall-above' | 'fpr-below' | 'fpr-above';

/**
 * Compares a slice with the whole: flags each metric whose aggregate value lies outside the
 * slice's interval, and the gap, the largest shortfall (precision or recall below the
 * aggregate, false-positive rate above it).
 */
export function compareSlice(slice: MetricSet, whole: MetricSet): { gap?: number; flags: SliceFlag[] } {
  const flags: SliceFlag[] = [];
  const gaps: number[] = [];
  for (const metric of ['precision', 'recall', 'fpr'] as const) {
    const s = slice[metric];
    const w = whole[metric];
    if (!s || !w) continue;
    if (w.value > s.high) flags.push(`${metric}-below`);
    else if (w.value < s.low) flags.push(`${metric}-above`);
    gaps.push(metric === 'fpr' ? s.value - w.value : w.value - s.value);
  }
  return { gap: gaps.length > 0 ? round4(Math.max(...gaps)) : undefined, flags };
}
