/**
 * Writes a synthetic failure catalog for benchmarks: the fixture catalog's configuration
 * and N cases, about half Markdown and half YAML, about 3 KB each, with every part of the
 * case model filled in and wording varied enough that near-duplicate detection stays quiet
 * on almost every pair. Deterministic for a seed; every case is valid.
 *
 *   node bench/generate.ts --cases 10000 --out bench/out/catalog-10000 [--seed 1]
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { slugifyTitle } from '../core/model/text.ts';

const CONFIG_SOURCE = new URL('../test/fixtures/catalog/', import.meta.url);
const CONFIG_FILES = ['taxonomy.yaml', 'policy.yaml', 'checklist.yaml'];

/** mulberry32: small, fast and good enough to vary synthetic text. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], n: number): T[] => {
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
    return out;
  };
  return { next, int, pick, some };
}
type Random = ReturnType<typeof createRandom>;

// Word pools. Plain words only: no `: `, ` #` or leading YAML indicators, so they can be
// written as plain scalars like a person would.
const DOMAINS = [
  ['fraud', 'card payments', 'transactions'],
  ['churn', 'subscriptions', 'accounts'],
  ['ranking', 'search results', 'listings'],
  ['triage', 'support tickets', 'messages'],
  ['pricing', 'quotes', 'orders'],
  ['forecast', 'demand', 'stores'],
  ['moderation', 'posts', 'comments'],
  ['credit', 'loan applications', 'applicants'],
  ['eta', 'deliveries', 'routes'],
  ['claims', 'insurance claims', 'policyholders'],
  ['translation', 'product pages', 'locales'],
  ['recommendation', 'home feed', 'sessions'],
  ['extraction', 'invoices', 'suppliers'],
  ['speech', 'voice commands', 'devices'],
  ['assistant', 'chat answers', 'conversations'],
] as const;
const ARCH = ['gbm', 'xgb', 'bert', 'lstm', 'cnn', 'ranker', 'llm', 'logreg', 'tcn', 'gnn', 'mlp', 'vit'];
const VERBS = [
  'blocked',
  'misranked',
  'over-flagged',
  'under-scored',
  'dropped',
  'misrouted',
  'mislabelled',
  'delayed',
  'duplicated',
  'ignored',
  'inflated',
  'truncated',
  'misread',
  'suppressed',
  'escalated',
];
const QUALIFIERS = [
  'legitimate',
  'high-value',
  'new',
  'returning',
  'overnight',
  'weekend',
  'cross-border',
  'low-volume',
  'mobile',
  'regional',
  'long-tail',
  'seasonal',
  'urgent',
  'first-time',
  'multilingual',
];
const TRIGGERS = [
  'a retraining on a skewed window',
  'an upstream schema change',
  'a feature store failover',
  'a silent unit change',
  'a vendor relabelling batch',
  'a holiday traffic shift',
  'a stale lookup table',
  'an embedding model upgrade',
  'a partial backfill',
  'a new traffic source',
  'a threshold copied from staging',
  'a timezone change in the logs',
  'a cache that never expired',
  'an encoding change upstream',
  'a sampling bug in evaluation',
  'a prompt template change',
  'a dropped join key',
  'a currency table update',
];
const SYMPTOMS = [
  'precision fell on one slice while the aggregate held',
  'the decline rate tripled for a few hours a day',
  'every prediction collapsed to a single class',
  'latency doubled at the ninety-ninth percentile',
  'recall on the rare class dropped below target',
  'scores drifted upward for one segment',
  'answers cited sources that do not exist',
  'a small category hid behind healthy averages',
  'calibration broke for new users only',
  'the model kept serving last season patterns',
  'duplicates flooded the review queue',
  'a filter was silently bypassed',
];
const DETECTORS = [
  'customer support',
  'on-call ML engineer',
  'data platform on-call',
  'fraud operations',
  'quality analysts',
  'the monitoring rotation',
  'an external auditor',
  'the evaluation pipeline',
];
const TEAMS = [
  'ML platform team',
  'data engineering',
  'model owners',
  'risk analytics',
  'search relevance',
  'MLOps',
];
const ENVIRONMENTS = ['production', 'staging', 'canary', 'shadow'];
const COMPONENTS = [
  'feature-store',
  'scoring-api',
  'batch-scorer',
  'ingest-stream',
  'label-service',
  'gateway',
  'vector-index',
];
const FAILURE_MODES = [
  'data-quality',
  'corrupt-feature',
  'data-drift',
  'slice-regression',
  'false-positive-spike',
];
const LAYERS = ['data', 'feature-engineering', 'model-logic', 'deployment-pipeline', 'monitoring', 'process'];
const METHODS = ['monitoring', 'alert', 'user-report', 'evaluation'];
const CHECKS = ['validate-feature-ranges', 'slice-evaluation', 'shadow-deployment'];
const CAUSES = [
  'the training window was dominated by an unusual period and the model learned it as normal',
  'a column changed meaning upstream while keeping its name and type',
  'the release gate looked at aggregate metrics only and missed the slice',
  'the alert threshold was computed on daily totals and stayed under its bound',
  'a default value replaced missing inputs without any warning',
  'evaluation data overlapped with training data after a manifest change',
  'the serving path encoded a category differently from the training path',
  'nobody owned the lookup table the model depended on',
  'the rollout skipped the shadow period because of a deadline',
  'the retraining job promoted a candidate without a comparison to production',
];
const ACTIONS = [
  'Add a per-slice precision gate to the release checklist',
  'Alert on constant or out-of-range feature columns',
  'Version the lookup tables with an effective period',
  'Run the candidate in shadow for a full day before promotion',
  'Add a contract test between the producer and the feature pipeline',
  'Backfill the affected predictions and notify the owners',
  'Split evaluation manifests from training manifests by entity and time',
  'Document the rollback runbook and rehearse it each quarter',
  'Track calibration per segment on the model dashboard',
  'Add the failure as a regression scenario to offline evaluation',
];
const LESSONS = [
  'Healthy averages can hide a failing slice; slices are first-class metrics.',
  'Schema contracts belong at the producer, not only at the consumer.',
  'A fast rollback path limits the impact more than a perfect model.',
  'Evaluation data needs the same care as production data.',
  'Alerts on daily totals miss failures that live in a few hours.',
  'Silent defaults turn missing data into confident wrong predictions.',
];
const WENT_WELL = [
  'The rollback took minutes because the previous version was still warm.',
  'Support escalated through the documented channel within hours.',
  'The feature store kept enough history to reconstruct the inputs.',
  'Owners were reachable and the runbook was current.',
  'Shadow scoring made the comparison with the previous model immediate.',
];
const LABELS = [
  ['legitimate', 'fraud'],
  ['stay', 'churn'],
  ['low', 'medium', 'high'],
  ['safe', 'unsafe'],
  ['relevant', 'irrelevant'],
];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoAt(base: number, hours: number): string {
  const d = new Date(base + hours * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00Z`;
}

function dateOf(base: number, days: number): string {
  return isoAt(base, days * 24).slice(0, 10);
}

/** Folded block scalar at the given indentation, wrapped near 88 columns. */
function folded(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length > 86) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(indent + line);
  return `>-\n${lines.join('\n')}`;
}

interface Synthetic {
  fields: string;
  sections: [string, string][];
}

/** One case: the YAML of its fields, and its narrative sections. */
export function synthesize(index: number, id: string, r: Random): Synthetic & { title: string } {
  const [domain, thing, who] = r.pick(DOMAINS);
  const arch = r.pick(ARCH);
  const model = `${domain}-${arch}-${r.int(1, 40)}`;
  const version = `${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 99)}`;
  const qualifier = r.pick(QUALIFIERS);
  const trigger = r.pick(TRIGGERS);
  const symptom = r.pick(SYMPTOMS);
  const verb = r.pick(VERBS);
  const region = `region ${r.int(1, 60)}`;
  const title = `${model} ${verb} ${qualifier} ${thing} in ${region} after ${trigger}`;
  const users =
    r.next() < 0.6 ? r.int(0, 999) : r.next() < 0.8 ? r.int(1000, 99_999) : r.int(100_000, 2_000_000);
  const events = users * r.int(1, 40) + r.int(0, 5000);
  const safety = r.next() < 0.05;
  const regulatory = r.next() < 0.1;
  // Declare the severity at or above the rubric's floor, as a careful author would.
  const floor = safety || users >= 100_000 ? 1 : regulatory || users >= 1000 ? 2 : 3;
  const severity = `SEV${r.int(1, floor)}`;
  const status = r.pick(['investigating', 'mitigated', 'resolved', 'resolved', 'wont-fix']);
  const base = Date.UTC(2022, 0, 1) + r.int(0, 1400) * 86_400_000 + r.int(0, 23) * 3_600_000;
  const detectAfter = r.int(1, 96);
  const resolveAfter = detectAfter + r.int(2, 600);
  const resolved = status === 'resolved' || status === 'wont-fix';
  const summary = `Between ${isoAt(base, 0).slice(0, 10)} and ${isoAt(base, resolveAfter).slice(0, 10)}, ${model} ${version} ${verb} ${qualifier} ${thing} for ${users} ${who} in ${region}: ${symptom}. The cause traced back to ${trigger}, and ${r.pick(DETECTORS)} raised it after ${detectAfter} hours. Batch ${r.int(1000, 9999)}-${index}.`;
  const features = r.some(
    [
      'amount_zscore',
      'hour_of_day',
      'tenure_months',
      'device_age_days',
      'merchant_category',
      'query_length',
      'embedding_norm',
      'distance_km',
      'basket_size',
      'account_age_days',
      'locale',
      'price_ratio',
    ],
    r.int(2, 4),
  );
  const sources = r.some(
    [
      `${domain}_events_stream`,
      `${domain}_labels`,
      'crm_accounts',
      'clickstream',
      'reference_tables',
      'vendor_feed',
    ],
    r.int(1, 3),
  );
  const labels = r.pick(LABELS);
  const matrix = labels.map((_, i) => labels.map((__, j) => (i === j ? r.int(200, 9000) : r.int(0, 400))));
  const timeline = [0, detectAfter, resolveAfter].map((h, i) => ({
    at: isoAt(base, h),
    event: [
      `${capitalize(symptom)}.`,
      `${capitalize(r.pick(DETECTORS))} escalates to the ${r.pick(TEAMS)}.`,
      `A fixed model replaces ${version} after ${r.pick(ACTIONS).toLowerCase()}.`,
    ][i]!,
  }));
  const mode = r.some(FAILURE_MODES, r.int(1, 2));
  const layers = r.some(LAYERS, r.int(1, 2));
  const actions = r.some(ACTIONS, r.int(1, 2));
  const checks = r.some(CHECKS, r.int(1, 2));

  const y: string[] = [
    `id: ${id}`,
    `title: ${title}`,
    `summary: ${folded(summary, '  ')}`,
    `status: ${status}`,
    `tags: [${domain}, ${arch}, ${qualifier}]`,
    `severity: ${severity}`,
    `severity_rationale: ${folded(`${users} ${who} were affected${safety ? ' and safety was at risk' : ''}${regulatory ? ' with a regulatory obligation breached' : ''}; the rubric floor is SEV${floor} and the team chose ${severity}.`, '  ')}`,
    `occurred_at: ${isoAt(base, 0)}`,
    `detected_at: ${isoAt(base, detectAfter)}`,
    ...(resolved ? [`resolved_at: ${isoAt(base, resolveAfter)}`] : []),
    'timeline:',
    ...timeline.flatMap((t) => [`  - at: ${t.at}`, `    event: ${t.event}`]),
    'detection:',
    `  method: ${r.pick(METHODS)}`,
    `  detected_by: ${r.pick(DETECTORS)}`,
    'system:',
    `  model: ${model}`,
    `  model_version: ${version}`,
    `  environment: ${r.pick(ENVIRONMENTS)}`,
    `  components: [${r.some(COMPONENTS, r.int(1, 3)).join(', ')}]`,
    'data:',
    `  sources: [${sources.join(', ')}]`,
    `  features: [${features.join(', ')}]`,
    '  slices:',
    `    - name: ${qualifier} ${thing}`,
    '      metric: precision',
    `      baseline: 0.${r.int(80, 97)}`,
    `      observed: 0.${pad(r.int(5, 70))}`,
    `      support: ${r.int(100, 50_000)}`,
    'impact:',
    `  users_affected: ${users}`,
    `  events_affected: ${events}`,
    `  safety: ${safety}`,
    `  regulatory: ${regulatory}`,
    `  financial: ${r.int(0, 90_000)}`,
    `  description: ${folded(`${users} ${who} saw ${verb} ${thing}; ${events} predictions were affected before the rollback.`, '    ')}`,
    'expected:',
    `  objective: Serve accurate ${domain} predictions for ${thing} across every segment, including ${qualifier} ones.`,
    `  kpis: [precision per slice above 0.${r.int(80, 95)}, p99 latency under ${r.int(50, 400)} ms]`,
    `failure_modes: [${mode.join(', ')}]`,
    'root_causes:',
    ...layers.flatMap((layer) => [
      `  - layer: ${layer}`,
      `    description: ${folded(`${r.pick(CAUSES)} (${layer}, ${r.int(1, 999)}).`, '      ')}`,
    ]),
    'evidence:',
    '  confusion_matrix:',
    `    labels: [${labels.join(', ')}]`,
    '    matrix:',
    ...matrix.map((row) => `      - [${row.join(', ')}]`),
    ...(r.next() < 0.5
      ? [
          '  examples:',
          `    - ref: ${domain}-events:${isoAt(base, 1).slice(0, 10)}:${r.int(1000, 9999)}`,
          `      expected: ${labels[0]}`,
          `      predicted: ${labels[1]}`,
          `      score: 0.${r.int(50, 99)}`,
          `      kind: ${r.pick(['hard-negative', 'misclassified'])}`,
        ]
      : []),
    '  links:',
    `    - title: ${thing} dashboard for ${model}`,
    `      url: https://dashboards.example.com/${domain}/${r.int(1, 99999)}`,
    '      kind: dashboard',
    'what_went_well:',
    ...r.some(WENT_WELL, 1).map((w) => `  - ${w}`),
    'lessons_learned:',
    ...r.some(LESSONS, 1).map((l) => `  - ${l}`),
    'corrective_actions:',
    ...actions.flatMap((a, i) => [
      `  - category: ${r.pick(['prevention', 'detection', 'mitigation', 'process'])}`,
      `    action: ${a} for ${model}.`,
      `    owner: ${r.pick(TEAMS)}`,
      `    due: ${dateOf(base, 30 + i * 14)}`,
      `    status: ${r.pick(['open', 'in-progress', 'done', 'done', 'dropped'])}`,
    ]),
    'safeguards:',
    ...checks.flatMap((check) => [
      `  - check: ${check}`,
      '    applies_to:',
      `      models: ['${domain}-${arch}-*']`,
      `      features: [${features.slice(0, 2).join(', ')}]`,
    ]),
    ...(r.next() < 0.4
      ? [
          'regression_tests:',
          `  - id: rt-${index}`,
          `    description: Replay the ${qualifier} ${thing} slice from the incident window.`,
          `    path: tests/regression/${domain}/case_${index}.py`,
        ]
      : []),
    `visibility: ${r.pick(['public', 'internal', 'internal', 'restricted'])}`,
    'review:',
    `  reviewers: [${r.pick(TEAMS)}]`,
    `  verified: ${r.next() < 0.5}`,
  ];
  const sections: [string, string][] = [
    [
      'impact',
      `${users} ${who} in ${region} were affected; ${events} predictions for ${qualifier} ${thing} were wrong or late.`,
    ],
    [
      'diagnosis',
      `${capitalize(CAUSES[index % CAUSES.length]!)}. The investigation found that ${trigger} changed what the model saw, so ${symptom}.`,
    ],
    ['follow-up', `${actions.join('. ')}.`],
  ];
  return { title, fields: y.join('\n'), sections };
}

/**
 * Writes the catalog; returns the number of bytes of case files written. Half the cases
 * are Markdown, or none with `yamlOnly` (the same cases, every one as YAML).
 */
export function generateCatalog(options: {
  cases: number;
  out: string;
  seed: number;
  yamlOnly?: boolean;
}): number {
  const { cases, out, seed, yamlOnly = false } = options;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'cases'), { recursive: true });
  for (const name of CONFIG_FILES) copyFileSync(new URL(name, CONFIG_SOURCE), path.join(out, name));
  const r = createRandom(seed);
  let bytes = 0;
  for (let i = 1; i <= cases; i++) {
    const id = `FC-${String(i).padStart(4, '0')}`;
    const c = synthesize(i, id, r);
    const markdown = r.next() < 0.5 && !yamlOnly;
    const text = markdown
      ? `---\n${c.fields}\n---\n\n${c.sections.map(([sid, t]) => `## ${sid === 'follow-up' ? 'Follow-up' : sid.charAt(0).toUpperCase() + sid.slice(1)}\n\n${t}\n`).join('\n')}`
      : `${c.fields}\nnarrative:\n${c.sections.map(([sid, t]) => `  ${sid}: ${folded(t, '    ')}`).join('\n')}\n`;
    const file = path.join(out, 'cases', `${id}-${slugifyTitle(c.title)}.${markdown ? 'md' : 'yaml'}`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  const cases = Number(values.cases);
  if (!Number.isInteger(cases) || cases < 1 || !values.out) {
    process.stderr.write('Usage: node bench/generate.ts --cases N --out DIR [--seed S]\n');
    process.exit(2);
  }
  const started = performance.now();
  const bytes = generateCatalog({ cases, out: values.out, seed: Number(values.seed) });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${values.out}: ${cases} cases, ${(bytes / 1024 / 1024).toFixed(1)} MiB (${Math.round(bytes / cases)} bytes per case) in ${seconds.toFixed(1)} s\n`,
  );
}
