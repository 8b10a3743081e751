/**
 * `failcat validate` on corpora we did not write (bench/corpora.ts) and on our own
 * generator's, side by side with ajv-cli (schema only) on the same YAML files, runs
 * interleaved (each round runs every corpus with every tool), with the ratio. With
 * `--before DIR`, the failcat of another checkout (the code before a change) runs in the
 * same rounds, so before and after are measured in the same minutes. Prints figures;
 * asserts nothing.
 *
 *   node bench/writers.ts [--cases 10000] [--runs 3] [--corpus hand --corpus ...] [--before DIR]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CORPORA, generateCorpus, type Corpus } from './corpora.ts';
import { generateCatalog } from './generate.ts';
import {
  generateOnce,
  hashBenchFiles,
  measure,
  OWN_SEED,
  medianOf,
  ownCatalog,
  printRow,
  ROOT,
  type Measured,
} from './lib.ts';
import { parseSource } from '../core/parse/source.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    corpus: { type: 'string', multiple: true },
    before: { type: 'string' },
  },
});
const cases = Number(values.cases);
const runs = Number(values.runs);
/** `own-yaml`: the generator's cases, every one as YAML, so failcat and ajv-cli read the same files. */
type Kind = Corpus | 'own' | 'own-yaml';
const kinds = (values.corpus ?? ['own', 'own-yaml', ...CORPORA]) as Kind[];

/**
 * The corpus folder, generated once per content of the generators (a stamp beside it);
 * `own` is the catalog the other benchmarks read (ownCatalog).
 */
function corpusDir(kind: Kind): string {
  const report = (line: string) => process.stderr.write(`${line}\n`);
  if (kind === 'own') return ownCatalog(cases, report);
  const out = path.join(ROOT, 'bench', 'out', `corpus-${kind}-${cases}`);
  return generateOnce(
    out,
    { kind, cases, seed: OWN_SEED, generator: hashBenchFiles(['corpora.ts', 'generate.ts']) },
    () =>
      kind === 'own-yaml'
        ? generateCatalog({ cases, out, seed: OWN_SEED, yamlOnly: true })
        : generateCorpus({ kind, cases, out, seed: OWN_SEED }),
    report,
  );
}

/** How many of a corpus's files the fast YAML path reads (the rest go to js-yaml). */
function fastShare(dir: string): { fast: number; files: number; yaml: number } {
  const names = readdirSync(path.join(dir, 'cases'));
  let fast = 0;
  for (const name of names) if (parseSource(name, readFileSync(path.join(dir, 'cases', name))).fast) fast++;
  return { fast, files: names.length, yaml: names.filter((n) => n.endsWith('.yaml')).length };
}

type Tool = 'failcat' | 'failcat-before' | 'ajv-cli';
const AJV = path.join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');

function run(tool: Tool, dir: string): Promise<Measured> {
  if (tool === 'ajv-cli') {
    // Schema only, every YAML file of the corpus; its verdicts are not failcat's (its js-yaml 3
    // turns dates into Date objects), the time is reading and validating every file.
    return measure(AJV, [
      'validate',
      '--spec=draft2020',
      '--strict=false',
      '--errors=no',
      '-s',
      path.join(ROOT, 'schemas', 'case.schema.json'),
      '-d',
      `${dir}/cases/*.yaml`,
    ]);
  }
  const cli = path.join(tool === 'failcat' ? ROOT : path.resolve(values.before!), 'bin', 'failcat.js');
  return measure(cli, ['validate', '--catalog', dir, '--format', 'json']);
}

const tools: Tool[] = ['failcat', ...(values.before ? (['failcat-before'] as const) : []), 'ajv-cli'];
const dirs = new Map(kinds.map((k) => [k, corpusDir(k)]));
const shares = new Map(kinds.map((k) => [k, fastShare(dirs.get(k)!)]));
const results = new Map<string, Measured[]>();
const notes = new Map<string, string>();

for (let round = 1; round <= runs; round++) {
  for (const kind of kinds) {
    const dir = dirs.get(kind)!;
    for (const tool of tools) {
      if (tool === 'ajv-cli' && shares.get(kind)!.yaml === 0) continue;
      const m = await run(tool, dir);
      if (tool !== 'ajv-cli' && m.code !== 0 && m.code !== 1)
        throw new Error(`${tool} on ${kind}: exit ${m.code}\n${m.stderr}`);
      if (tool !== 'ajv-cli' && !notes.has(`${kind} ${tool}`)) {
        const report = JSON.parse(m.stdout) as { cases: number; errors: number; warnings: number };
        notes.set(
          `${kind} ${tool}`,
          `${report.cases} cases, ${report.errors} errors, ${report.warnings} warnings`,
        );
      }
      const key = `${kind} ${tool}`;
      results.set(key, [...(results.get(key) ?? []), m]);
      process.stderr.write(
        `  round ${round}/${runs} ${kind} ${tool}: ${m.ms.toFixed(0)} ms wall, ${m.cpuMs ?? '?'} ms CPU, ${m.stolenMs} ms stolen, ${((m.maxRssKib ?? 0) / 1024).toFixed(0)} MiB\n`,
      );
    }
  }
}

const figure = (list: Measured[] | undefined) =>
  list && {
    wall: medianOf(list.map((m) => m.ms)),
    cpu: medianOf(list.map((m) => m.cpuMs ?? 0)),
    stolen: medianOf(list.map((m) => m.stolenMs)),
    rss: Math.max(...list.map((m) => m.maxRssKib ?? 0)) / 1024,
  };
const cell = (f: ReturnType<typeof figure>) =>
  f ? `${(f.wall / 1000).toFixed(2)} s / ${(f.cpu / 1000).toFixed(2)} s / ${f.rss.toFixed(0)} MiB` : 'n/a';

const header = ['corpus', 'KB/case', 'fast path', 'failcat (wall / CPU / peak RSS)'];
if (values.before) header.push('failcat before');
header.push('ajv-cli, schema only, YAML files', 'failcat / ajv-cli (wall)');
const table: string[][] = [];
for (const kind of kinds) {
  const dir = dirs.get(kind)!;
  const share = shares.get(kind)!;
  const bytes = readdirSync(path.join(dir, 'cases')).reduce(
    (sum, n) => sum + readFileSync(path.join(dir, 'cases', n)).byteLength,
    0,
  );
  const own = figure(results.get(`${kind} failcat`));
  const before = figure(results.get(`${kind} failcat-before`));
  const ajv = figure(results.get(`${kind} ajv-cli`));
  const row = [kind, (bytes / share.files / 1024).toFixed(1), `${share.fast} of ${share.files}`, cell(own)];
  if (values.before) row.push(cell(before));
  const ajvNote = share.yaml < share.files ? ` (${share.yaml} YAML files)` : '';
  // A ratio only where both read the same files (ajv-cli reads no Markdown).
  const ratio = own && ajv && share.yaml === share.files ? (own.wall / ajv.wall).toFixed(2) : 'n/a';
  row.push(cell(ajv) + (ajv ? ajvNote : ''), ratio);
  table.push(row);
  for (const tool of tools) {
    const f = figure(results.get(`${kind} ${tool}`));
    if (!f) continue;
    printRow({
      bench: tool === 'ajv-cli' ? 'ajv-cli' : tool === 'failcat' ? 'validate' : 'validate-before',
      catalog: path.relative(ROOT, dir),
      cases: tool === 'ajv-cli' ? share.yaml : share.files,
      runs,
      median_ms: Math.round(f.wall),
      median_cpu_ms: Math.round(f.cpu),
      median_stolen_ms: Math.round(f.stolen),
      peak_rss_mib: Math.round(f.rss),
      target: tool === 'failcat' ? '<= ajv-cli on the same files' : undefined,
      note: notes.get(`${kind} ${tool}`) ?? (tool === 'ajv-cli' ? 'schema only' : undefined),
    });
  }
}

const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `\nvalidate on every corpus, ${cases.toLocaleString('en')} cases, median of ${runs} interleaved rounds (Node ${process.versions.node}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}):`,
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of table) console.log(line(r));
