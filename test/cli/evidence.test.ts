/**
 * `failcat evidence` as a process, on the real-shaped predictions the sample catalog's evidence
 * comes from (examples/predictions, made by its seeded generate.ts): a fraud classifier's CSV
 * with slices, a ranking system's scored results as JSON Lines.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { FailureCase } from '../../core/model/schema-types.ts';
import { caseYaml, makeCase, ROOT, removeTemp, writeCatalog } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

const FRAUD = path.join(ROOT, 'examples', 'predictions', 'fraud-2025-06-14.csv');
const RANKING = path.join(ROOT, 'examples', 'predictions', 'listing-ranker-2025q3.jsonl');

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

/** A YAML case with the author's comments and a hand-kept evidence link. */
function fraudCase(): string {
  const data = makeCase({ id: 'FC-0001', title: 'Fraud model declined night-time purchases' });
  delete data.evidence;
  const text = caseYaml(data);
  return `# Reviewed by fraud operations.\n${text}evidence:\n  # Kept by hand: the dashboard.\n  links:\n    - title: Declines by hour\n      url: https://dashboards.example.com/declines\n      kind: dashboard\n`;
}

async function catalogWith(files: Record<string, string>): Promise<string> {
  const dir = await writeCatalog(files);
  temps.push(dir);
  return dir;
}

function evidenceOf(text: string, markdown = false): NonNullable<FailureCase['evidence']> {
  const yaml = markdown ? text.split(/^---$/m)[1]! : text;
  return (jsyaml.load(yaml) as FailureCase).evidence!;
}

const FRAUD_ARGS = [
  '--predictions',
  FRAUD,
  '--label',
  'is_fraud',
  '--prediction',
  'decision',
  '--score',
  'score',
  '--slice',
  'hour_bucket,card_present',
  '--id',
  'txn_id',
  '--keep',
  'local_hour,merchant_category',
  '--cost-fn',
  '20',
];

describe('failcat evidence', () => {
  it('writes a fraud classifier evidence into a YAML case, keeping the rest byte for byte', async () => {
    const dir = await catalogWith({ 'FC-0001-fraud.yaml': fraudCase() });
    const file = path.join(dir, 'cases', 'FC-0001-fraud.yaml');
    const before = await readFile(file, 'utf8');
    const run = await runCli(['evidence', 'FC-0001', '--catalog', dir, ...FRAUD_ARGS]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /6000 rows .*2x2 confusion matrix, 7 slices \(2 significantly worse than the whole\), 10 hard examples\./,
    );
    const after = await readFile(file, 'utf8');
    // Everything before the evidence is unchanged, comments included; the hand-kept link stays.
    expect(after.startsWith(before)).toBe(true);

    const ev = evidenceOf(after);
    expect(ev.links).toHaveLength(1);
    const cm = ev.confusion_matrix!;
    expect(cm.labels).toEqual(['legitimate', 'fraud']);
    const [[tn, fp], [fn, tp]] = cm.matrix as [[number, number], [number, number]];
    expect(tn + fp + fn + tp).toBe(6000);
    expect(cm.cost_weighted_error).toBe(Math.round(((fp + 20 * fn) / 6000) * 10_000) / 10_000);
    // The night slice is where the failure hides: flagged, and first.
    const night = ev.slice_metrics![0]!;
    expect(night).toMatchObject({ column: 'hour_bucket', value: '02-05' });
    expect(night.flags).toContain('fpr-above');
    expect(ev.hard_examples!.filter((e) => e.kind === 'hard-negative')).toHaveLength(5);
    expect(ev.hard_examples![0]!.columns).toEqual({
      local_hour: expect.any(String),
      merchant_category: expect.any(String),
    });
    const sha = createHash('sha256')
      .update(await readFile(FRAUD))
      .digest('hex');
    expect(ev.computed_from).toMatchObject({
      sha256: sha,
      rows: 6000,
      columns: { label: 'is_fraud', slices: ['hour_bucket', 'card_present'] },
    });
    expect(ev.computed_from!.command).toContain('failcat evidence FC-0001');

    const valid = await runCli(['validate', '--catalog', dir]);
    expect(valid.code, valid.stdout).toBe(0);
  });

  it("scores a ranking system's JSON Lines with a threshold into a Markdown case", async () => {
    const data = makeCase({ id: 'FC-0002', title: 'Listing ranker ignored the pet policy of listings' });
    delete data.evidence;
    const md = `---\n${caseYaml(data)}---\n\n## Diagnosis\n\nHard negatives first.\n`;
    const dir = await catalogWith({ 'FC-0002-ranker.md': md });
    const file = path.join(dir, 'cases', 'FC-0002-ranker.md');
    const run = await runCli([
      'evidence',
      file,
      '--catalog',
      dir,
      '--predictions',
      RANKING,
      '--label',
      'relevant',
      '--score',
      'score',
      '--threshold',
      '0.5',
      '--slice',
      'query_intent',
      '--id',
      'listing_id',
      '--keep',
      'query_id,pet_policy',
      '--top',
      '3',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await readFile(file, 'utf8');
    expect(after.endsWith('---\n\n## Diagnosis\n\nHard negatives first.\n')).toBe(true);
    const ev = evidenceOf(after, true);
    expect(ev.confusion_matrix!.labels).toEqual(['0', '1']);
    expect(ev.computed_from!.threshold).toBe(0.5);
    const pet = ev.slice_metrics!.find((s) => s.value === 'pet')!;
    expect(pet.flags).toEqual(expect.arrayContaining(['recall-below', 'precision-below']));
    expect(ev.slice_metrics![0]!.value).toBe('pet');
    const negatives = ev.hard_examples!.filter((e) => e.kind === 'hard-negative');
    expect(negatives.map((e) => e.label)).toEqual(['0', '0', '0']);
    expect(negatives[0]!.score).toBeGreaterThanOrEqual(negatives[1]!.score);
    expect(negatives[0]!.columns).toHaveProperty('pet_policy');
  });

  it('reports malformed rows with their line and writes nothing', async () => {
    const dir = await catalogWith({ 'FC-0001-fraud.yaml': fraudCase() });
    const file = path.join(dir, 'cases', 'FC-0001-fraud.yaml');
    const before = await readFile(file, 'utf8');
    const lines = (await readFile(FRAUD, 'utf8')).split('\n');
    lines[41] = lines[41]!.replace(/,0\.\d+,/, ',n/a,'); // data row 41, line 42: a score that is no number
    const badScore = path.join(dir, 'bad-score.csv');
    await writeFile(badScore, lines.join('\n'));
    const args = FRAUD_ARGS.slice(2);
    const run = await runCli(['evidence', 'FC-0001', '--catalog', dir, '--predictions', badScore, ...args]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `bad-score.csv:42:1  error  Row 41 has a score that is not a number in column "score": "n/a".  [prediction-row]`,
    );
    expect(run.stderr).toContain('nothing written');

    lines[41] = lines[41]!.replace('n/a,', '0.5,extra,');
    const badCsv = path.join(dir, 'bad.csv');
    await writeFile(badCsv, lines.join('\n'));
    const csv = await runCli(['evidence', 'FC-0001', '--catalog', dir, '--predictions', badCsv, ...args]);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/bad\.csv:42:1 {2}error {2}Row 41 is not valid CSV: .*\[prediction-row\]/);

    const badJson = path.join(dir, 'bad.jsonl');
    await writeFile(badJson, '{"y": 1, "s": 0.3}\n{"y": 0, "s": 0.2\n');
    const json = await runCli([
      'evidence',
      'FC-0001',
      '--catalog',
      dir,
      '--predictions',
      badJson,
      '--label',
      'y',
      '--score',
      's',
      '--threshold',
      '0.5',
    ]);
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('bad.jsonl:2:1  error  Line 2 is not valid JSON');

    const run2 = await runCli([
      'evidence',
      'FC-0001',
      '--catalog',
      dir,
      '--predictions',
      FRAUD,
      '--label',
      'fraud_flag',
      '--prediction',
      'decision',
    ]);
    expect(run2.code).toBe(1);
    expect(run2.stderr).toContain('The header has no column "fraud_flag".');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('prints a unified diff with --dry-run and leaves the case alone', async () => {
    const dir = await catalogWith({ 'FC-0001-fraud.yaml': fraudCase() });
    const file = path.join(dir, 'cases', 'FC-0001-fraud.yaml');
    const before = await readFile(file, 'utf8');
    const run = await runCli(['evidence', 'FC-0001', '--catalog', dir, ...FRAUD_ARGS, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Index: .*FC-0001-fraud\.yaml\n=+\n--- .*\n\+\+\+ .*\n@@ /);
    expect(run.stdout).toContain('\n+  confusion_matrix:\n');
    expect(run.stdout).not.toMatch(/^-[^-]/m);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('replaces the figures of a previous run, dropping those it no longer computes', async () => {
    const dir = await catalogWith({ 'FC-0001-fraud.yaml': fraudCase() });
    const file = path.join(dir, 'cases', 'FC-0001-fraud.yaml');
    expect((await runCli(['evidence', 'FC-0001', '--catalog', dir, ...FRAUD_ARGS])).code).toBe(0);
    const first = evidenceOf(await readFile(file, 'utf8'));
    expect(first.slice_metrics).toBeDefined();
    const run = await runCli([
      'evidence',
      'FC-0001',
      '--catalog',
      dir,
      '--predictions',
      FRAUD,
      '--label',
      'is_fraud',
      '--prediction',
      'decision',
    ]);
    expect(run.code).toBe(0);
    const second = evidenceOf(await readFile(file, 'utf8'));
    expect(second.slice_metrics).toBeUndefined();
    expect(second.hard_examples).toBeUndefined();
    expect(second.confusion_matrix!.costs).toBeUndefined();
    expect(second.links).toEqual(first.links);
    expect(second.computed_from!.columns).toEqual({ label: 'is_fraud', prediction: 'decision' });
  });

  it('refuses to write personal data from a kept column into a public case', async () => {
    const dir = await catalogWith({
      'FC-0001-fraud.yaml': fraudCase().replace(/^visibility: .*$/m, 'visibility: public'),
    });
    const file = path.join(dir, 'cases', 'FC-0001-fraud.yaml');
    const before = await readFile(file, 'utf8');
    const csv = path.join(dir, 'with-email.csv');
    await writeFile(
      csv,
      'id,email,y,s\n1,ana.lima@mailbox.pt,1,0.2\n2,bo.silva@mailbox.pt,0,0.9\n3,cy.reis@mailbox.pt,0,0.1\n',
    );
    const args = [
      '--predictions',
      csv,
      '--label',
      'y',
      '--score',
      's',
      '--threshold',
      '0.5',
      '--keep',
      'email',
    ];
    const run = await runCli(['evidence', 'FC-0001', '--catalog', dir, ...args]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[personal-data]');
    expect(run.stderr).toContain('the case would not validate; nothing written');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('reads the columns from a mapping file', async () => {
    const dir = await catalogWith({ 'FC-0001-fraud.yaml': fraudCase() });
    const mapping = path.join(dir, 'columns.yaml');
    await writeFile(
      mapping,
      'label: is_fraud\nprediction: decision\nslices: [merchant_category]\ncosts:\n  labels: [legitimate, fraud]\n  matrix: [[0, 1], [20, 0]]\n',
    );
    const run = await runCli([
      'evidence',
      'FC-0001',
      '--catalog',
      dir,
      '--predictions',
      FRAUD,
      '--columns',
      mapping,
    ]);
    expect(run.stderr).toBe('');
    const ev = evidenceOf(await readFile(path.join(dir, 'cases', 'FC-0001-fraud.yaml'), 'utf8'));
    expect(ev.confusion_matrix!.costs).toEqual([
      [0, 1],
      [20, 0],
    ]);
    expect(new Set(ev.slice_metrics!.map((s) => s.column))).toEqual(new Set(['merchant_category']));

    const costs = path.join(dir, 'costs.json');
    await writeFile(costs, '{"labels": ["fraud", "legitimate"], "matrix": [[0, 50], [2, 0]]}');
    const file = path.join(dir, 'cases', 'FC-0001-fraud.yaml');
    const args = [
      '--predictions',
      FRAUD,
      '--label',
      'is_fraud',
      '--prediction',
      'decision',
      '--costs',
      costs,
    ];
    expect((await runCli(['evidence', 'FC-0001', '--catalog', dir, ...args])).code).toBe(0);
    const cm = evidenceOf(await readFile(file, 'utf8')).confusion_matrix!;
    // The file's label order is its own: the case keeps [legitimate, fraud].
    expect(cm.costs).toEqual([
      [0, 2],
      [50, 0],
    ]);
    const [[, fp], [fn]] = cm.matrix as [[number, number], [number, number]];
    expect(cm.cost_weighted_error).toBe(Math.round(((2 * fp + 50 * fn) / 6000) * 10_000) / 10_000);
  });
});

describe('the sample catalog', () => {
  it('keeps the predictions files its generator writes, byte for byte', async () => {
    const { fraudRows, rankingRows } = await import('../../examples/predictions/generate.ts');
    expect(fraudRows(6000)).toBe(await readFile(FRAUD, 'utf8'));
    expect(rankingRows(500)).toBe(await readFile(RANKING, 'utf8'));
  });

  it('has cases whose evidence its recorded command reproduces', async () => {
    const dir = path.join(ROOT, 'catalog', 'cases');
    const computed: string[] = [];
    for (const name of await readdir(dir)) {
      const text = await readFile(path.join(dir, name), 'utf8');
      const ev = evidenceOf(text, name.endsWith('.md'));
      if (!ev?.computed_from) continue;
      computed.push(name);
      const { command, file, sha256 } = ev.computed_from;
      expect(
        createHash('sha256')
          .update(await readFile(path.join(ROOT, file)))
          .digest('hex'),
      ).toBe(sha256);
      const args = command.split(' ').slice(1); // recorded without quotes: plain words only
      const run = await runCli([...args, '--dry-run']);
      expect(run.code, run.stderr).toBe(0);
      const changed = run.stdout.split('\n').filter((l) => /^[-+][^-+]/.test(l));
      for (const line of changed) expect(line, name).toMatch(/^[-+]\s+computed_at: /);
    }
    expect(computed.length).toBeGreaterThanOrEqual(2);
  });
});
