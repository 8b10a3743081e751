/**
 * `failcat evidence` on a million rows: the example fraud predictions (examples/predictions,
 * the same generator) scaled up, as CSV and as JSON Lines, with slices, costs and hard
 * examples. Prints wall time, CPU and peak RSS of the whole process (--dry-run, so the case
 * is not touched). Figures only.
 *
 *   node bench/evidence.ts [--rows N] [--runs N]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fraudRows } from '../examples/predictions/generate.ts';
import { measure, medianOf, printRow, ROOT } from './lib.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    catalog: { type: 'string', multiple: true }, // passed by run.ts; this benchmark brings its own input
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const out = path.join(ROOT, 'bench', 'out', 'predictions');
mkdirSync(out, { recursive: true });
const csv = path.join(out, `fraud-${rows}.csv`);
const jsonl = path.join(out, `fraud-${rows}.jsonl`);
if (!existsSync(csv) || !existsSync(jsonl)) {
  const text = fraudRows(rows);
  writeFileSync(csv, text);
  const [header, ...lines] = text.trimEnd().split('\n');
  const keys = header!.split(',');
  writeFileSync(
    jsonl,
    lines
      .map((l) => {
        const cells = l.split(',');
        return JSON.stringify(
          Object.fromEntries(keys.map((k, i) => [k, k === 'score' ? Number(cells[i]) : cells[i]])),
        );
      })
      .join('\n') + '\n',
  );
}

const CASE = path.join(ROOT, 'catalog', 'cases', 'FC-0001-fraud-model-blocks-night-time-transactions.md');
for (const [name, file] of [
  ['csv', csv],
  ['jsonl', jsonl],
] as const) {
  const args = [
    'evidence',
    CASE,
    '--catalog',
    path.join(ROOT, 'catalog'),
    '--predictions',
    file,
    '--label',
    'is_fraud',
    '--prediction',
    'decision',
    '--score',
    'score',
    '--slice',
    'hour_bucket,card_present,merchant_category',
    '--id',
    'txn_id',
    '--keep',
    'local_hour,amount',
    '--cost-fn',
    '20',
    '--dry-run',
  ];
  const measured = [];
  for (let i = 0; i < runs; i++) {
    const m = await measure(path.join(ROOT, 'bin', 'failcat.js'), args);
    if (m.code !== 0) throw new Error(`failcat evidence exited with ${m.code}: ${m.stderr}`);
    measured.push(m);
  }
  printRow({
    bench: `evidence-${name}`,
    catalog: path.relative(ROOT, file),
    cases: rows,
    runs,
    median_ms: Math.round(medianOf(measured.map((m) => m.ms))),
    median_cpu_ms: medianOf(measured.map((m) => m.cpuMs ?? 0)),
    median_stolen_ms: medianOf(measured.map((m) => m.stolenMs)),
    peak_rss_mib: Math.round(Math.max(...measured.map((m) => m.maxRssKib ?? 0)) / 1024),
    note: 'rows of predictions; --dry-run',
  });
}
