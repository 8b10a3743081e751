/**
 * Error analysis of a predictions file, one row at a time: the confusion matrix with costs,
 * metrics per slice against the whole, and the hardest examples by score. Memory stays flat:
 * counts per slice value and a few examples per label, never the rows.
 */
import type { FailureCase } from '../model/schema-types.ts';
import { binaryCounts, compareSlice, metricSet, round4 } from './metrics.ts';

type Evidence = NonNullable<FailureCase['evidence']>;
type HardExample = NonNullable<Evidence['hard_examples']>[number];
type Cell = string | number | boolean | null;

/** Which columns are what, and how to weigh errors. */
export interface EvidenceOptions {
  label: string;
  /** Predicted label column; without it the prediction is `score >= threshold`. */
  prediction?: string;
  score?: string;
  threshold?: number;
  /** Column whose value names an example (else its row number). */
  id?: string;
  slices?: string[];
  /** Columns kept with each hard example. */
  keep?: string[];
  /** The positive class; inferred for labels such as 0/1, false/true, no/yes. */
  positive?: string;
  /** Cost of a false negative and of a false positive (two classes). */
  costFn?: number;
  costFp?: number;
  /** A full cost matrix, `matrix[actual][predicted]` in the order of `labels`. */
  costMatrix?: { labels: string[]; matrix: number[][] };
  /** How many hard negatives and hard positives to keep (default 5). */
  top?: number;
}

/** A row the analysis could not read: where, what, and what to do. */
export interface RowProblem {
  /** 1-based data row (the first row after a CSV header is 1). */
  row: number;
  message: string;
  hint: string;
}

/** The figures the analysis writes into a case's `evidence`. */
export interface EvidenceFigures {
  confusion_matrix: NonNullable<Evidence['confusion_matrix']>;
  metrics: NonNullable<Evidence['metrics']>;
  slice_metrics?: NonNullable<Evidence['slice_metrics']>;
  hard_examples?: HardExample[];
}

/** Most distinct values a slice column may have: beyond it a slice is too small to say anything. */
export const MAX_SLICE_VALUES = 500;
/** Most distinct labels: a confusion matrix wider than this is not read by anyone. */
export const MAX_LABELS = 50;
/** A placeholder for "predicted positive / negative" when the prediction comes from a threshold. */
const ABOVE = '\u0000above';
const BELOW = '\u0000below';

interface Candidate {
  score: number;
  row: number;
  ref: string;
  label: string;
  predicted: string;
  columns?: Record<string, Cell>;
}

/** Keeps the `size` candidates that sort first under `before`, in order (insertion into a short list). */
class Bounded {
  readonly items: Candidate[] = [];
  private readonly size: number;
  private readonly before: (a: number, b: number) => boolean;
  constructor(size: number, before: (a: number, b: number) => boolean) {
    this.size = size;
    this.before = before;
  }
  offer(score: number, make: () => Candidate): void {
    const items = this.items;
    if (items.length >= this.size && !this.before(score, items[items.length - 1]!.score)) return;
    let i = items.length;
    while (i > 0 && this.before(score, items[i - 1]!.score)) i--;
    items.splice(i, 0, make());
    if (items.length > this.size) items.pop();
  }
}

type Counts = Map<string, Map<string, number>>;

function bump(counts: Counts, actual: string, predicted: string): void {
  let row = counts.get(actual);
  if (!row) counts.set(actual, (row = new Map()));
  row.set(predicted, (row.get(predicted) ?? 0) + 1);
}

function cellText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function keptCell(v: unknown): Cell {
  if (v === undefined) return null;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

const POSITIVE_NAMES = ['1', 'true', 'yes', 'positive', 'pos', 'fraud', 'relevant', 'spam'];

/** Sorts labels numerically when all are numbers, else as text. */
function sortLabels(labels: Iterable<string>): string[] {
  const list = [...labels];
  const numeric = list.every((l) => l !== '' && Number.isFinite(Number(l)));
  return list.sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
}

/** Streaming analysis: `add` each row (it returns a problem or nothing), then `finish`. */
export class EvidenceAnalysis {
  private readonly whole: Counts = new Map();
  private readonly bySlice = new Map<string, Map<string, Counts>>();
  private readonly highest = new Map<string, Bounded>();
  private readonly lowest = new Map<string, Bounded>();
  private readonly top: number;
  rows = 0;
  readonly options: EvidenceOptions;

  constructor(options: EvidenceOptions) {
    this.options = options;
    this.top = options.top ?? 5;
    for (const column of options.slices ?? []) this.bySlice.set(column, new Map());
    if (
      options.prediction === undefined &&
      (options.score === undefined || options.threshold === undefined)
    ) {
      throw new Error('Name a prediction column, or a score column and a threshold.');
    }
  }

  /** Reads one row; `row` is its 1-based number among the data rows. */
  add(record: Record<string, unknown>, row: number): RowProblem | undefined {
    const o = this.options;
    const label = cellText(record[o.label]);
    if (label === undefined) {
      return {
        row,
        message: `Row ${row} has no value in the label column "${o.label}".`,
        hint: `Fill in the true label, drop the row, or name the label column with --label.`,
      };
    }
    let score: number | undefined;
    if (o.score !== undefined) {
      const raw = record[o.score];
      score =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(score)) {
        return {
          row,
          message: `Row ${row} has a score that is not a number in column "${o.score}": ${JSON.stringify(raw ?? null)}.`,
          hint: 'Every row needs a numeric score (a decimal point, no thousands separator).',
        };
      }
    }
    let predicted: string | undefined;
    if (o.prediction !== undefined) {
      predicted = cellText(record[o.prediction]);
      if (predicted === undefined) {
        return {
          row,
          message: `Row ${row} has no value in the prediction column "${o.prediction}".`,
          hint: 'Fill in the predicted label, or drop --prediction and give --threshold to predict from the score.',
        };
      }
    } else {
      predicted = score! >= o.threshold! ? ABOVE : BELOW;
    }
    if (!this.whole.has(label) && this.whole.size >= MAX_LABELS) {
      return {
        row,
        message: `Row ${row} brings a ${MAX_LABELS + 1}th distinct label ("${label}") in column "${o.label}".`,
        hint: 'Check that --label names the label column, not an id or a score.',
      };
    }
    const sliceValues: [Map<string, Counts>, string][] = [];
    for (const [column, values] of this.bySlice) {
      const value = cellText(record[column]) ?? '(missing)';
      if (!values.has(value) && values.size >= MAX_SLICE_VALUES) {
        return {
          row,
          message: `Slice column "${column}" has more than ${MAX_SLICE_VALUES} distinct values (row ${row}: "${value}").`,
          hint: 'Slice by a coarser column (a bucket, a category), not by an id or a continuous value.',
        };
      }
      sliceValues.push([values, value]);
    }

    this.rows++;
    bump(this.whole, label, predicted);
    for (const [values, value] of sliceValues) {
      let counts = values.get(value);
      if (!counts) values.set(value, (counts = new Map()));
      bump(counts, label, predicted);
    }
    if (score !== undefined && this.top > 0) {
      const make = (): Candidate => {
        const candidate: Candidate = {
          score: score!,
          row,
          ref: (o.id !== undefined ? cellText(record[o.id]) : undefined) ?? `row ${row}`,
          label,
          predicted: predicted!,
        };
        if (o.keep?.length)
          candidate.columns = Object.fromEntries(o.keep.map((k) => [k, keptCell(record[k])]));
        return candidate;
      };
      let high = this.highest.get(label);
      if (!high) this.highest.set(label, (high = new Bounded(this.top, (a, b) => a > b)));
      high.offer(score, make);
      let low = this.lowest.get(label);
      if (!low) this.lowest.set(label, (low = new Bounded(this.top, (a, b) => a < b)));
      low.offer(score, make);
    }
    return undefined;
  }

  /** The figures, or a problem that concerns the file as a whole (no rows, no positive class). */
  finish(): EvidenceFigures | { problem: string; hint: string } {
    const o = this.options;
    if (this.rows === 0)
      return { problem: 'The predictions file has no data rows.', hint: 'Check the file and its format.' };
    const actual = new Set(this.whole.keys());
    const seen = new Set(actual);
    for (const row of this.whole.values())
      for (const p of row.keys()) if (p !== ABOVE && p !== BELOW) seen.add(p);
    for (const l of o.costMatrix?.labels ?? []) seen.add(l);
    if (o.positive !== undefined) seen.add(o.positive);

    const positive =
      o.positive ??
      (seen.size <= 2 ? [...seen].find((l) => POSITIVE_NAMES.includes(l.toLowerCase())) : undefined);
    if (positive === undefined) {
      return {
        problem: `Cannot tell the positive class among the labels ${sortLabels(seen)
          .map((l) => `"${l}"`)
          .join(', ')}.`,
        hint: 'Name it with --positive LABEL.',
      };
    }
    // With a threshold the prediction is positive or "the other label", so there must be exactly two.
    const thresholded = o.prediction === undefined;
    if (thresholded) {
      if (seen.size > 2) {
        return {
          problem: `A threshold predicts two classes, but the labels are ${sortLabels(seen).join(', ')}.`,
          hint: 'Give a --prediction column for more than two classes.',
        };
      }
    }
    const others = sortLabels([...seen].filter((l) => l !== positive));
    const negative = others[0] ?? `not ${positive}`;
    const labels = [...(others.length > 0 ? others : [negative]), positive];
    const name = (p: string): string => (p === ABOVE ? positive : p === BELOW ? negative : p);
    const index = new Map(labels.map((l, i) => [l, i]));
    const toMatrix = (counts: Counts): number[][] => {
      const m = labels.map(() => labels.map(() => 0));
      for (const [a, row] of counts) for (const [p, n] of row) m[index.get(a)!]![index.get(name(p))!]! += n;
      return m;
    };

    const matrix = toMatrix(this.whole);
    const pos = index.get(positive)!;
    const metrics = metricSet(binaryCounts(matrix, pos));
    const confusion: EvidenceFigures['confusion_matrix'] = { labels, matrix, positive };
    const costs = this.costs(labels, positive);
    if ('problem' in costs) return costs;
    if (costs.matrix) {
      let cost = 0;
      matrix.forEach((row, a) => row.forEach((n, p) => (cost += n * costs.matrix![a]![p]!)));
      confusion.costs = costs.matrix;
      confusion.cost_weighted_error = round4(cost / this.rows);
    }
    confusion.computed = true;
    const figures: EvidenceFigures = { confusion_matrix: confusion, metrics };

    if (this.bySlice.size > 0) {
      figures.slice_metrics = [];
      for (const [column, values] of this.bySlice) {
        for (const [value, counts] of values) {
          const m = metricSet(binaryCounts(toMatrix(counts), pos));
          const { gap, flags } = compareSlice(m, metrics);
          figures.slice_metrics.push({
            column,
            value,
            metrics: m,
            ...(gap !== undefined ? { gap } : {}),
            flags,
          });
        }
      }
      // Worst first: the slices furthest below the aggregate are what a reader looks for.
      figures.slice_metrics.sort(
        (a, b) =>
          (b.gap ?? -Infinity) - (a.gap ?? -Infinity) ||
          a.column.localeCompare(b.column) ||
          a.value.localeCompare(b.value),
      );
    }

    if (o.score !== undefined && this.top > 0) {
      const negatives = [...this.highest]
        .filter(([l]) => l !== positive)
        .flatMap(([, b]) => b.items)
        .sort((a, b) => b.score - a.score || a.row - b.row)
        .slice(0, this.top);
      const positives = this.lowest.get(positive)?.items ?? [];
      const example = (c: Candidate, kind: HardExample['kind']): HardExample => ({
        ref: c.ref,
        kind,
        label: c.label,
        predicted: name(c.predicted),
        score: c.score,
        row: c.row,
        ...(c.columns ? { columns: c.columns } : {}),
      });
      figures.hard_examples = [
        ...negatives.map((c) => example(c, 'hard-negative')),
        ...positives.map((c) => example(c, 'hard-positive')),
      ];
    }
    return figures;
  }

  private costs(
    labels: string[],
    positive: string,
  ): { matrix?: number[][] } | { problem: string; hint: string } {
    const o = this.options;
    if (o.costMatrix) {
      const { labels: given, matrix } = o.costMatrix;
      const missing = labels.filter((l) => !given.includes(l));
      if (missing.length > 0) {
        return {
          problem: `The cost matrix has no row or column for ${missing.map((l) => `"${l}"`).join(', ')}.`,
          hint: `Give a cost for every label: ${labels.join(', ')}.`,
        };
      }
      return { matrix: labels.map((a) => labels.map((p) => matrix[given.indexOf(a)]![given.indexOf(p)]!)) };
    }
    if (o.costFn === undefined && o.costFp === undefined) return {};
    if (labels.length !== 2) {
      return {
        problem: `--cost-fn and --cost-fp are for two classes; the labels are ${labels.join(', ')}.`,
        hint: 'Give a full cost matrix with --costs FILE.',
      };
    }
    const fn = o.costFn ?? 1;
    const fp = o.costFp ?? 1;
    return { matrix: labels.map((a) => labels.map((p) => (a === p ? 0 : a === positive ? fn : fp))) };
  }
}
