/** core/evidence: Wilson intervals, the streaming analysis, and writing fields into a case in place. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { structuredPatch } from 'diff';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { EvidenceAnalysis, type EvidenceFigures, type EvidenceOptions } from '../../core/evidence/analyze.ts';
import { wilson } from '../../core/evidence/metrics.ts';
import { setCaseFields } from '../../core/evidence/write-case.ts';
import { ROOT } from '../helpers/catalog.ts';

function analyse(rows: Record<string, unknown>[], options: EvidenceOptions): EvidenceFigures {
  const a = new EvidenceAnalysis(options);
  rows.forEach((r, i) => expect(a.add(r, i + 1)).toBeUndefined());
  const result = a.finish();
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

/** n rows of one kind: label, prediction, score, slice. */
function rowsOf(n: number, label: string, prediction: string, score: number, slice = 'day') {
  return Array.from({ length: n }, () => ({ label, prediction, score: String(score), hour: slice }));
}

describe('wilson', () => {
  it('matches the published 95% interval', () => {
    // Newcombe (1998), table I: 0/10 -> [0, 0.2775]; 1/29 -> [0.0061, 0.1718].
    expect(wilson(0, 10)).toMatchObject({ value: 0, low: 0, high: 0.2775 });
    expect(wilson(1, 29)).toMatchObject({ low: 0.0061, high: 0.1718 });
    expect(wilson(5, 10)).toMatchObject({ value: 0.5, low: 0.2366, high: 0.7634, n: 10 });
    expect(wilson(0, 0)).toBeUndefined();
  });
});

describe('EvidenceAnalysis', () => {
  const rows = [
    ...rowsOf(900, 'legitimate', 'legitimate', 0.1),
    ...rowsOf(10, 'legitimate', 'fraud', 0.85),
    ...rowsOf(80, 'fraud', 'fraud', 0.95),
    ...rowsOf(10, 'fraud', 'legitimate', 0.3),
    // A night slice where legitimate payments are declined.
    ...rowsOf(60, 'legitimate', 'legitimate', 0.2, 'night'),
    ...rowsOf(30, 'legitimate', 'fraud', 0.9, 'night'),
    ...rowsOf(10, 'fraud', 'fraud', 0.97, 'night'),
  ];

  it('counts the confusion matrix with the positive class last and weighs errors by cost', () => {
    const f = analyse(rows, { label: 'label', prediction: 'prediction', costFn: 20 });
    expect(f.confusion_matrix).toEqual({
      labels: ['legitimate', 'fraud'],
      matrix: [
        [960, 40],
        [10, 90],
      ],
      positive: 'fraud',
      costs: [
        [0, 1],
        [20, 0],
      ],
      cost_weighted_error: round((40 * 1 + 10 * 20) / 1100),
      computed: true,
    });
    expect(f.metrics.precision?.value).toBe(round(90 / 130));
    expect(f.metrics.recall?.value).toBe(0.9);
    expect(f.metrics.fpr?.value).toBe(0.04);
  });

  it('flags the slice whose interval excludes the whole, worst first', () => {
    const f = analyse(rows, { label: 'label', prediction: 'prediction', slices: ['hour'] });
    expect(f.slice_metrics!.map((s) => s.value)).toEqual(['night', 'day']);
    const night = f.slice_metrics![0]!;
    expect(night.metrics.support).toBe(100);
    expect(night.metrics.precision!.value).toBe(0.25);
    expect(night.flags).toEqual(['precision-below', 'fpr-above']);
    expect(night.gap).toBe(round(90 / 130 - 0.25));
    expect(f.slice_metrics![1]!.flags).toEqual(['precision-above', 'fpr-below']);
  });

  it('keeps the highest-scored negatives and lowest-scored positives with the asked columns', () => {
    const scored = [
      { id: 'a', y: '0', s: 0.2, q: 'q1' },
      { id: 'b', y: '0', s: 0.9, q: 'q1' },
      { id: 'c', y: '1', s: 0.4, q: 'q2' },
      { id: 'd', y: '1', s: 0.8, q: 'q2' },
      { id: 'e', y: '0', s: 0.7, q: 'q3' },
      { id: 'f', y: '1', s: 0.1, q: 'q3' },
    ];
    const f = analyse(scored, { label: 'y', score: 's', threshold: 0.5, id: 'id', keep: ['q'], top: 2 });
    expect(f.confusion_matrix.labels).toEqual(['0', '1']);
    expect(f.hard_examples).toEqual([
      {
        ref: 'b',
        kind: 'hard-negative',
        label: '0',
        predicted: '1',
        score: 0.9,
        row: 2,
        columns: { q: 'q1' },
      },
      {
        ref: 'e',
        kind: 'hard-negative',
        label: '0',
        predicted: '1',
        score: 0.7,
        row: 5,
        columns: { q: 'q3' },
      },
      {
        ref: 'f',
        kind: 'hard-positive',
        label: '1',
        predicted: '0',
        score: 0.1,
        row: 6,
        columns: { q: 'q3' },
      },
      {
        ref: 'c',
        kind: 'hard-positive',
        label: '1',
        predicted: '0',
        score: 0.4,
        row: 3,
        columns: { q: 'q2' },
      },
    ]);
  });

  it('applies a full cost matrix to three classes in its own label order', () => {
    const three = [
      { y: 'cat', p: 'dog' },
      { y: 'dog', p: 'dog' },
      { y: 'bird', p: 'cat' },
      { y: 'bird', p: 'bird' },
    ];
    const f = analyse(three, {
      label: 'y',
      prediction: 'p',
      positive: 'bird',
      costMatrix: {
        labels: ['dog', 'cat', 'bird'],
        matrix: [
          [0, 1, 1],
          [2, 0, 1],
          [5, 3, 0],
        ],
      },
    });
    expect(f.confusion_matrix.labels).toEqual(['cat', 'dog', 'bird']);
    expect(f.confusion_matrix.cost_weighted_error).toBe((2 + 3) / 4);
  });

  it('reports bad rows by number and asks for the positive class when it cannot tell', () => {
    const a = new EvidenceAnalysis({ label: 'y', prediction: 'p', score: 's' });
    expect(a.add({ y: 'x', p: 'x', s: '0.3' }, 1)).toBeUndefined();
    expect(a.add({ y: '', p: 'x', s: '0.3' }, 2)).toMatchObject({
      row: 2,
      message: expect.stringContaining('label'),
    });
    expect(a.add({ y: 'x', p: 'x', s: 'high' }, 3)).toMatchObject({
      row: 3,
      message: expect.stringContaining('"high"'),
    });
    expect(a.add({ y: 'z', p: undefined, s: '1' }, 4)).toMatchObject({ row: 4 });
    expect(a.add({ y: 'z', p: 'x', s: '1' }, 5)).toBeUndefined();
    expect(a.finish()).toMatchObject({
      problem: expect.stringContaining('positive class'),
      hint: expect.stringContaining('--positive'),
    });
  });
});

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

describe('setCaseFields', () => {
  const yaml = `id: FC-0042 # the id
title: Something failed badly at night
# The evidence, reviewed by the fraud team.
evidence:
  # hand-typed before the replay
  confusion_matrix:
    labels: [ok, bad]
    matrix:
      - [1, 2]
      - [3, 4]
  links:
    - title: "Dashboard"   # keep this comment
      url: https://example.com/d
      kind: dashboard

summary: >
  A folded summary that
  spans lines.
`;

  it('replaces only the fields it sets and appends new ones after the last key', () => {
    const out = setCaseFields(yaml, false, ['evidence'], {
      confusion_matrix: {
        labels: ['ok', 'bad'],
        matrix: [
          [5, 6],
          [7, 8],
        ],
      },
      metrics: { support: 26 },
    });
    expect(out).toBe(
      yaml
        .replace(
          '    matrix:\n      - [1, 2]\n      - [3, 4]\n',
          '    matrix:\n      - [5, 6]\n      - [7, 8]\n',
        )
        .replace('      kind: dashboard\n', '      kind: dashboard\n  metrics:\n    support: 26\n'),
    );
  });

  it('removes an entry set to undefined and adds nothing for one that is absent', () => {
    const out = setCaseFields(yaml, false, ['evidence'], { links: undefined, metrics: undefined });
    expect(out).toBe(yaml.replace(/ {2}links:\n( {4}.*\n)+/, ''));
  });

  it('adds the parent when it is missing, keeping the Markdown body', () => {
    const md = `---\nid: FC-0001 # keep\ntitle: x\n---\n\n## Diagnosis\n\nBody.\n`;
    const out = setCaseFields(md, true, ['evidence'], { metrics: { support: 1 } });
    expect(out).toBe(
      `---\nid: FC-0001 # keep\ntitle: x\nevidence:\n  metrics:\n    support: 1\n---\n\n## Diagnosis\n\nBody.\n`,
    );
  });

  it('changes no line outside the evidence of any shipped case', () => {
    const dir = path.join(ROOT, 'catalog', 'cases');
    for (const name of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      const markdown = name.endsWith('.md');
      const fields = {
        confusion_matrix: {
          labels: ['a', 'b'],
          matrix: [
            [1, 0],
            [0, 1],
          ],
        },
        metrics: { support: 2 },
      };
      const out = setCaseFields(text, markdown, ['evidence'], fields);
      const patch = structuredPatch(name, name, text, out, '', '', { context: 0 });
      const removed = patch.hunks.flatMap((h) => h.lines.filter((l) => l.startsWith('-')));
      // Only the lines of the old matrix and metrics may go.
      const own =
        /^-\s+(labels:|matrix:|- \[|- [\w"']+$|positive:|costs:|cost_weighted_error:|computed:|support:|positives:|accuracy:|precision:|recall:|fpr:|-\s*$)/;
      for (const line of removed) expect(line, name).toMatch(own);
      const data = jsyaml.load(markdown ? out.split(/^---$/m)[1]! : out) as { evidence: unknown };
      expect(data.evidence, name).toMatchObject(fields);
    }
  });
});
