/** `failcat evidence`: computes a case's evidence from a predictions file and writes it into the case. */
import { readFile, writeFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import jsyaml from 'js-yaml';
import { createTwoFilesPatch } from 'diff';
import { EvidenceAnalysis, type EvidenceOptions } from '../../core/evidence/analyze.ts';
import { setCaseFields } from '../../core/evidence/write-case.ts';
import type { Finding } from '../../core/model/findings.ts';
import { plural } from '../../core/model/text.ts';
import { checkCaseFile } from '../../core/validate/catalog.ts';
import { joinPath } from '../../core/model/files.ts';
import { oneOf, parseCommandArgs, UsageError, type Command } from '../cli.ts';
import { loadCatalog } from '../../node/catalog-source.ts';
import {
  formatOfPredictions,
  PREDICTION_FORMATS,
  readPredictions,
  type ReadProblem,
} from '../../node/predictions.ts';

export const evidenceCommand: Command = {
  usage: `Usage: failcat evidence CASE --predictions FILE --label COL (--prediction COL | --score COL --threshold X) [options]

Computes the evidence of a case from a predictions file (CSV, TSV or JSON Lines, one row an
example) and writes it into the case's evidence, in place, keeping everything else as it
is: the confusion matrix (with costs and the cost-weighted error), metrics for the positive
class, per-slice precision, recall and false-positive rate with 95% Wilson intervals
(flagging slices whose interval excludes the whole), the hardest negatives and positives by
score, and where the figures came from (the file's SHA-256, rows, this command, the time).
Malformed rows are reported with their line; nothing is written then.

CASE is a case file, or a case id looked up in the catalog's cases/.

Options:
  --predictions FILE  the predictions file (required)
  --format F          csv, tsv or jsonl (default: from the file name)
  --columns FILE      a YAML or JSON file mapping: label, prediction, score, threshold, id,
                      slices, keep, positive, cost_fn, cost_fp, costs (flags override it)
  --label COL         the true label's column
  --prediction COL    the predicted label's column
  --score COL         the score's column (higher means more positive)
  --threshold X       predict positive when score >= X (instead of --prediction)
  --positive LABEL    the positive class (inferred for 0/1, false/true, no/yes)
  --slice A,B         slice columns to compare against the whole
  --id COL            the column that names an example (default: its row number)
  --keep A,B          columns to keep with each hard example
  --top N             hard negatives and hard positives to keep (default 5)
  --cost-fn N         cost of a false negative (a false positive costs --cost-fp, default 1)
  --cost-fp N         cost of a false positive
  --costs FILE        a cost matrix for any number of classes: {labels: [...], matrix: [[...]]}
  --catalog DIR       the catalog folder, to find CASE by id and validate (default: catalog)
  --dry-run           print the change as a unified diff; write nothing
  -h, --help          show this help`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        predictions: { type: 'string' },
        format: { type: 'string' },
        columns: { type: 'string' },
        label: { type: 'string' },
        prediction: { type: 'string' },
        score: { type: 'string' },
        threshold: { type: 'string' },
        positive: { type: 'string' },
        slice: { type: 'string' },
        id: { type: 'string' },
        keep: { type: 'string' },
        top: { type: 'string' },
        'cost-fn': { type: 'string' },
        'cost-fp': { type: 'string' },
        costs: { type: 'string' },
        catalog: { type: 'string', default: 'catalog' },
        'dry-run': { type: 'boolean' },
      },
      true,
    );
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('name one case: a case file or a case id.');
    if (!values.predictions) throw new UsageError('--predictions FILE is required.');
    const predictions = values.predictions;
    const format = oneOf(
      'format',
      values.format ?? formatOfPredictions(predictions),
      PREDICTION_FORMATS,
      'csv',
    );
    const mapping = values.columns ? await readMapping(values.columns, 'columns') : {};
    const costs = values.costs ? await readMapping(values.costs, 'costs') : mapping.costs;
    const options = buildOptions(values, mapping, costs);
    const catalogDir = joinPath(values.catalog!);
    const { ctx, files } = await loadCatalog({ kind: 'folder', dir: catalogDir }, { purpose: 'config' });
    const caseFile = findCase(positionals[0]!, files);

    const analysis = new EvidenceAnalysis(options);
    const read = await readPredictions(predictions, format, (record, row, line) => {
      const problem = analysis.add(record, row);
      return problem ? { ...problem, line } : undefined;
    });
    const problems: ReadProblem[] = [...read.problems];
    const missing = [
      options.label,
      options.prediction,
      options.score,
      options.id,
      ...(options.slices ?? []),
      ...(options.keep ?? []),
    ]
      .filter((c): c is string => c !== undefined)
      .filter((c) => read.columns.length > 0 && format !== 'jsonl' && !read.columns.includes(c));
    if (missing.length > 0) {
      problems.unshift({
        line: 1,
        message: `The header has no column ${missing.map((c) => `"${c}"`).join(', ')}.`,
        hint: `The columns are: ${read.columns.join(', ')}.`,
      });
    }
    if (problems.length === 0) {
      const figures = analysis.finish();
      if ('problem' in figures) problems.push({ line: 1, message: figures.problem, hint: figures.hint });
      else {
        const before = await readFile(caseFile, 'utf8');
        // A rerun replaces every figure of the last one: one it no longer computes goes.
        const fields = {
          slice_metrics: undefined,
          hard_examples: undefined,
          ...figures,
          computed_from: {
            file: displayPath(predictions),
            sha256: read.sha256,
            rows: read.rows,
            command: commandLine(argv),
            computed_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            tool: `failcat ${await toolVersion()}`,
            columns: {
              label: options.label,
              ...(options.prediction ? { prediction: options.prediction } : {}),
              ...(options.score ? { score: options.score } : {}),
              ...(options.id ? { id: options.id } : {}),
              ...(options.slices?.length ? { slices: options.slices } : {}),
              ...(options.keep?.length ? { keep: options.keep } : {}),
            },
            ...(options.prediction === undefined ? { threshold: options.threshold } : {}),
          },
        };
        let after: string;
        try {
          after = setCaseFields(before, caseFile.endsWith('.md'), ['evidence'], fields);
        } catch (error) {
          process.stderr.write(
            `${caseFile}: ${(error as Error).message} Run failcat validate; nothing written.\n`,
          );
          return 1;
        }
        const introduced = newErrors(caseFile, before, after, ctx);
        if (introduced.length > 0) {
          process.stderr.write(renderProblems(introduced));
          process.stderr.write(`failcat evidence: the case would not validate; nothing written.\n`);
          return 1;
        }
        if (values['dry-run']) {
          process.stdout.write(
            createTwoFilesPatch(caseFile, caseFile, before, after, '', '', { context: 3 }),
          );
          return 0;
        }
        if (after !== before) await writeFile(caseFile, after);
        const worse = new Set(['precision-below', 'recall-below', 'fpr-above']);
        const flagged = figures.slice_metrics?.filter((s) => s.flags?.some((f) => worse.has(f))).length ?? 0;
        process.stdout.write(
          `${caseFile}: evidence from ${plural(read.rows, 'row')} of ${displayPath(predictions)}` +
            `: ${figures.confusion_matrix.labels.length}x${figures.confusion_matrix.labels.length} confusion matrix` +
            (figures.slice_metrics
              ? `, ${plural(figures.slice_metrics.length, 'slice')} (${flagged} significantly worse than the whole)`
              : '') +
            (figures.hard_examples ? `, ${plural(figures.hard_examples.length, 'hard example')}` : '') +
            '.\n',
        );
        return 0;
      }
    }
    const findings: Finding[] = problems.map((p) => ({
      file: displayPath(predictions),
      line: p.line,
      column: 1,
      rule: p.row !== undefined ? 'prediction-row' : 'prediction-file',
      severity: 'error',
      message: p.message,
      hint: p.hint,
    }));
    process.stderr.write(renderProblems(findings));
    process.stderr.write(
      `failcat evidence: ${plural(findings.length, 'problem')} in ${displayPath(predictions)}; nothing written.\n`,
    );
    return 1;
  },
};

type Mapping = Record<string, unknown>;

async function readMapping(file: string, flag: string): Promise<Mapping> {
  let data: unknown;
  try {
    data = jsyaml.load(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--${flag} ${file}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`--${flag} ${file} must be a YAML or JSON mapping.`);
  }
  return data as Mapping;
}

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function number(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number; got "${String(value)}".`);
  return n;
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function buildOptions(
  values: Record<string, string | boolean | undefined>,
  m: Mapping,
  costs: unknown,
): EvidenceOptions {
  const pick = (flag: string, key = flag) => (values[flag] as string | undefined) ?? m[key];
  const label = text(pick('label'));
  if (!label) throw new UsageError('name the true label column with --label COL (or label: in --columns).');
  const options: EvidenceOptions = {
    label,
    prediction: text(pick('prediction')),
    score: text(pick('score')),
    threshold: number('threshold', pick('threshold')),
    positive: text(pick('positive')),
    id: text(pick('id')),
    slices: list(pick('slice', 'slices')),
    keep: list(pick('keep')),
    top: number('top', pick('top')),
    costFn: number('cost-fn', pick('cost-fn', 'cost_fn')),
    costFp: number('cost-fp', pick('cost-fp', 'cost_fp')),
  };
  if (options.prediction === undefined && (options.score === undefined || options.threshold === undefined)) {
    throw new UsageError(
      'name the prediction column with --prediction, or give --score COL and --threshold X.',
    );
  }
  if (options.top !== undefined && (!Number.isInteger(options.top) || options.top < 0 || options.top > 100)) {
    throw new UsageError('--top must be a whole number from 0 to 100.');
  }
  for (const [name, cost] of [
    ['cost-fn', options.costFn],
    ['cost-fp', options.costFp],
  ] as const) {
    if (cost !== undefined && cost < 0) throw new UsageError(`--${name} cannot be negative.`);
  }
  if (costs !== undefined) options.costMatrix = costMatrix(costs);
  return options;
}

function costMatrix(data: unknown): EvidenceOptions['costMatrix'] {
  const { labels, matrix } = (data ?? {}) as { labels?: unknown; matrix?: unknown };
  const ok =
    Array.isArray(labels) &&
    Array.isArray(matrix) &&
    matrix.length === labels.length &&
    matrix.every(
      (row) =>
        Array.isArray(row) &&
        row.length === labels.length &&
        row.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0),
    );
  if (!ok) {
    throw new UsageError(
      'a cost matrix is {labels: [a, b], matrix: [[0, 1], [20, 0]]}: one row and one column per label, costs[actual][predicted] >= 0.',
    );
  }
  return { labels: (labels as unknown[]).map(String), matrix: matrix as number[][] };
}

/** The case file CASE names: a path, or an id matched against the catalog's case files. */
function findCase(name: string, files: string[]): string {
  if (/\.(md|ya?ml)$/i.test(name)) return name;
  const match = files.filter((f) => (f.split('/').pop() ?? '').startsWith(`${name}-`));
  if (match.length === 1) return match[0]!;
  throw new UsageError(
    match.length === 0
      ? `no case file for "${name}" in the catalog's cases/.`
      : `"${name}" matches ${match.join(', ')}.`,
  );
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}

function commandLine(argv: string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['failcat', 'evidence', ...argv.filter((a) => a !== '--dry-run')].map(quote).join(' ');
}

async function toolVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Errors the new text has and the old one had not: written evidence must not break a case. */
function newErrors(
  file: string,
  before: string,
  after: string,
  ctx: Parameters<typeof checkCaseFile>[2],
): Finding[] {
  const key = (f: Finding) => `${f.rule}\u0000${f.message}`;
  const enc = new TextEncoder();
  const old = new Set(checkCaseFile(file, enc.encode(before), ctx).findings.map(key));
  return checkCaseFile(file, enc.encode(after), ctx).findings.filter(
    (f) => f.severity === 'error' && !old.has(key(f)),
  );
}

function renderProblems(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.message}  [${f.rule}]\n    hint: ${f.hint}\n`,
    )
    .join('');
}
