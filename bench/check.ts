/**
 * Benchmarks of the risk check: `failcat check` as a whole process against generated
 * catalogs of 1,000, 10,000 and 100,000 cases (cold: no cache; warm: the parse cache
 * filled), and the action's own run at 10,000 cases, from starting the bundle to the
 * comment posted on a local GitHub server. Prints wall and CPU time and the CPU the
 * hypervisor stole meanwhile (on a shared virtual machine wall time depends on it);
 * asserts nothing.
 *
 * Usage: node bench/check.ts [--sizes 1000,10000,100000] [--runs 3] [--out DIR (default bench/out/check)]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startGitHubServer } from '../tools/github-stand-in.ts';
import { makeWorkspace, runAction } from '../tools/run-action.ts';
import { stealSeconds } from './lib.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench/out/check' },
  },
});
const SIZES = values.sizes!.split(',').map(Number);
const RUNS = Number(values.runs);
const OUT = path.resolve(values.out!);
const NODE = process.execPath;
const CLI = path.resolve('bin/failcat.js');

// Pools as large as a big organisation's: a deployment matches a few percent of cases.
const pool = (first: string, prefix: string, size: number) => [
  first,
  ...Array.from({ length: size - 1 }, (_, i) => `${prefix}${i + 1}`),
];
const MODELS = pool('fraud-detector', 'model-', 200);
const FEATURES = pool('hour_of_day', 'feature_', 300);
const SOURCES = pool('card_transactions', 'source_', 100);
const CHECKS = ['validate-feature-ranges', 'check-null-rates', 'shadow-deploy', 'slice-evaluation'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const STATUSES = ['investigating', 'mitigated', 'resolved', 'wont-fix'];

/** One schema-valid case of realistic size (about 2.5 KB), varied by its number. */
function caseYaml(n: number): string {
  const pick = <T>(list: T[], k = 0) => list[(n * 7 + k * 13) % list.length]!;
  const id = `FC-${String(n).padStart(6, '0')}`;
  const month = String((n % 12) + 1).padStart(2, '0');
  const year = 2020 + (n % 6);
  return `id: ${id}
title: ${pick(MODELS)} failure ${n} on ${pick(FEATURES)} after a change to ${pick(SOURCES, 1)}
summary: >-
  Generated case ${n}. The ${pick(MODELS)} model degraded after an upstream change to
  ${pick(SOURCES, 1)} shifted ${pick(FEATURES)}; the aggregate metric stayed healthy while a
  slice of traffic failed. Monitoring caught it on the second day.
status: ${pick(STATUSES)}
tags: [generated, ${pick(MODELS)}, drift]
severity: ${pick(SEVERITIES, 2)}
severity_rationale: Generated for the benchmark; the rubric does not apply.
occurred_at: ${year}-${month}-14T02:00:00Z
detected_at: ${year}-${month}-15T08:40:00Z
resolved_at: ${year}-${month}-20T16:00:00Z
timeline:
  - at: ${year}-${month}-14T02:00:00Z
    event: The slice metric falls from its baseline while the aggregate holds.
  - at: ${year}-${month}-15T08:40:00Z
    event: A slice monitor alerts the owning team, which opens an investigation.
  - at: ${year}-${month}-20T16:00:00Z
    event: A retrained model with a slice gate replaces the faulty release.
detection:
  method: monitoring
  detected_by: Model operations
system:
  model: ${pick(MODELS)}
  model_version: ${n % 10}.${n % 7}.0
  environment: production
  components: [scoring-api, feature-store]
data:
  sources: [${pick(SOURCES, 1)}, ${pick(SOURCES, 2)}]
  features: [${pick(FEATURES)}, ${pick(FEATURES, 3)}]
  slices:
    - name: slice ${n % 17}
      metric: precision
      baseline: 0.91
      observed: 0.42
      support: ${1000 + (n % 5000)}
impact:
  users_affected: ${n % 900}
  events_affected: ${n % 9000}
  safety: false
  regulatory: false
  description: A slice of predictions was wrong for several days before the fix.
expected:
  objective: Score every request within 50 ms with a precision of at least 0.85 on every slice.
  kpis: [precision >= 0.85 per slice]
failure_modes: [distribution-shift]
root_causes:
  - layer: data
    description: An upstream schema change altered the meaning of a feature without notice.
  - layer: monitoring
    description: Only aggregate metrics were monitored, so the slice failure went unseen.
lessons_learned:
  - Monitor the slices that past failures named, not only the aggregate.
corrective_actions:
  - category: detection
    action: Add slice monitors for the affected feature.
    owner: Model operations
    status: done
safeguards:
  - check: ${pick(CHECKS)}
    applies_to:
      models: ['${pick(MODELS).split('-')[0]}*']
  - check: ${pick(CHECKS, 1)}
    applies_to:
      features: [${pick(FEATURES, 3)}]
      environments: [production]
regression_tests:
  - id: slice-${n % 50}
    description: Precision on slice ${n % 17} stays above 0.85.
    path: tests/slices/test_${n % 50}.py
`;
}

/** Writes a catalog of `size` cases (configuration from the test fixture) unless it exists. */
function generate(size: number): string {
  const dir = path.join(OUT, `catalog-${size}`);
  if (existsSync(path.join(dir, 'cases', `FC-${String(size).padStart(6, '0')}-generated.yaml`))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'cases'), { recursive: true });
  for (const f of ['taxonomy.yaml', 'policy.yaml', 'checklist.yaml'])
    cpSync(`test/fixtures/risk/catalog/${f}`, path.join(dir, f));
  for (let n = 1; n <= size; n++) {
    writeFileSync(path.join(dir, 'cases', `FC-${String(n).padStart(6, '0')}-generated.yaml`), caseYaml(n));
  }
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * One whole-process run of `failcat check`: wall-clock seconds, and the CPU seconds (user
 * + system, all threads) from GNU time, which other load on a shared machine inflates less.
 */
function timeCheck(
  catalog: string,
  cache: 'cold' | 'warm',
  cacheDir: string,
): { wall: number; cpu: number; stolen: number; matched: number } {
  if (cache === 'cold') rmSync(cacheDir, { recursive: true, force: true });
  const args = [
    CLI,
    'check',
    '--catalog',
    catalog,
    '--deploy',
    'test/fixtures/risk/deploy.yml',
    '--format',
    'json',
    '--today',
    '2026-01-01',
  ];
  const timed = existsSync('/usr/bin/time');
  const steal = stealSeconds();
  const started = process.hrtime.bigint();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', NODE, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      })
    : spawnSync(NODE, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`failcat check failed (${r.status}): ${r.stderr}`);
  const m = /TIME [\d.]+ ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return {
    wall,
    cpu: m ? Number(m[1]) + Number(m[2]) : NaN,
    stolen: stealSeconds() - steal,
    matched: (JSON.parse(r.stdout) as { matches: unknown[] }).matches.length,
  };
}

const rows: string[] = [];
for (const size of SIZES) {
  const t0 = Date.now();
  const catalog = generate(size);
  const genSeconds = (Date.now() - t0) / 1000;
  const cacheDir = path.resolve('node_modules/.cache/failcat');
  const cold: { wall: number; cpu: number; stolen: number }[] = [];
  const warm: { wall: number; cpu: number; stolen: number }[] = [];
  let matched = 0;
  for (let i = 0; i < RUNS; i++) {
    const c = timeCheck(catalog, 'cold', cacheDir);
    cold.push(c);
    matched = c.matched;
    warm.push(timeCheck(catalog, 'warm', cacheDir));
  }
  const fmt = (runs: { wall: number; cpu: number; stolen: number }[]) =>
    `${median(runs.map((r) => r.wall)).toFixed(2)} s wall / ${median(runs.map((r) => r.cpu)).toFixed(2)} s CPU / ${median(runs.map((r) => r.stolen)).toFixed(2)} s stolen`;
  rows.push(
    `failcat check  ${String(size).padStart(7)} cases  cold ${fmt(cold)}  warm (cache) ${fmt(warm)}  ` +
      `[${matched} matched; median of ${RUNS}; load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; catalog ready in ${genSeconds.toFixed(1)} s]`,
  );
  process.stdout.write(rows.at(-1) + '\n');
}

// The action at 10,000 cases: bundle start to comment posted, against a local server.
const actionSize = 10_000;
const gh = await startGitHubServer();
try {
  generate(actionSize);
  gh.prFiles.set(1, [{ filename: 'deploy/prod.yaml', status: 'modified' }]);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ws = makeWorkspace(readFileSync('test/fixtures/risk/pr-body.md', 'utf8'));
    ws.copy(path.join(OUT, `catalog-${actionSize}`), 'catalog');
    ws.write('.failcat/deploy.yml', readFileSync('test/fixtures/risk/deploy.yml', 'utf8'));
    gh.comments.set(1, []);
    const started = process.hrtime.bigint();
    const run = await runAction(ws, gh.url, { 'warn-only': 'true' });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (!gh.comments.get(1)?.length)
      throw new Error(`The action posted no comment: ${run.stdout}${run.stderr}`);
    rmSync(path.dirname(ws.dir), { recursive: true, force: true });
  }
  rows.push(
    `action (risk)  ${String(actionSize).padStart(7)} cases  ${median(times).toFixed(2)} s wall, bundle start to comment posted ` +
      `[median of ${RUNS}; load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores]`,
  );
  process.stdout.write(rows.at(-1) + '\n');
} finally {
  await gh.close();
}
