/**
 * Test helpers for catalogs on disk: a valid case factory, temporary catalogs built from
 * the fixture configuration, and findings made comparable across temporary folders.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsyaml from 'js-yaml';
import type { CaseRecord } from '../../core/validate/catalog.ts';
import type { Finding } from '../../core/model/findings.ts';
import type { FailureCase } from '../../core/model/schema-types.ts';

/** The repository root, for spawning the CLI and reading schemas. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The fixtures folder. */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
/** The small valid fixture catalog every rule fixture borrows its configuration from. */
export const FIXTURE_CATALOG = path.join(FIXTURES, 'catalog');
/** The configuration files of a catalog folder. */
export const CONFIG_NAMES = ['taxonomy.yaml', 'policy.yaml', 'checklist.yaml'] as const;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] };

/**
 * A complete, valid case against the fixture catalog's configuration (a SEV3 that meets
 * every requirement), with `overrides` merged in. Set a key to `undefined` to drop it.
 */
export function makeCase(overrides: DeepPartial<FailureCase> & Record<string, unknown> = {}): FailureCase {
  const base: FailureCase = {
    id: 'FC-0101',
    title: 'Churn classifier returned all ones from a corrupt feature column',
    summary: 'An ETL change cast the tenure column to a constant and every customer was predicted to churn.',
    status: 'resolved',
    severity: 'SEV3',
    severity_rationale: 'Internal batch only; no customer saw the predictions.',
    occurred_at: '2025-03-02T04:00:00Z',
    detected_at: '2025-03-03T09:00:00Z',
    resolved_at: '2025-03-05T12:00:00Z',
    timeline: [
      { at: '2025-03-02T04:00:00Z', event: 'The weekly batch scores every customer as churning.' },
      { at: '2025-03-03T09:00:00Z', event: 'A constant-column alert fires on the batch input.' },
    ],
    detection: { method: 'monitoring', detected_by: 'data platform on-call' },
    system: { model: 'churn-xgb', model_version: '2.1.0', environment: 'production' },
    data: {
      sources: ['crm_accounts'],
      features: ['tenure_months'],
      slices: [
        { name: 'tenure < 3 months', metric: 'precision', baseline: 0.7, observed: 0.1, support: 800 },
      ],
    },
    impact: { users_affected: 0, events_affected: 52000, safety: false, regulatory: false },
    failure_modes: ['corrupt-feature'],
    root_causes: [
      { layer: 'feature-engineering', description: 'A type cast turned tenure into a constant.' },
    ],
    evidence: {
      confusion_matrix: {
        labels: ['stay', 'churn'],
        matrix: [
          [0, 9000],
          [0, 1000],
        ],
      },
      links: [
        { title: 'Batch input profile', url: 'https://dashboards.example.com/churn', kind: 'dashboard' },
      ],
    },
    corrective_actions: [
      {
        category: 'detection',
        action: 'Alert on constant feature columns in the batch input.',
        owner: 'data platform team',
        due: '2025-04-01',
        status: 'done',
      },
    ],
    safeguards: [{ check: 'validate-feature-ranges', applies_to: { features: ['tenure_*'] } }],
    visibility: 'internal',
  };
  return merge(base, overrides) as FailureCase;
}

function merge(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[key];
    else out[key] = key in base ? merge(base[key], value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A case as the text of a `.yaml` file. */
export function caseYaml(data: FailureCase | Record<string, unknown>): string {
  return jsyaml.dump(data, { lineWidth: -1 });
}

/** A case as validation keeps it, from a YAML file with no narrative. */
export function caseRecord(data: FailureCase): CaseRecord {
  return { file: `cases/${data.id}.yaml`, format: 'yaml', data, body: '', bodyLine: 1, sections: [] };
}

/** A case as the text of a `.md` file: frontmatter plus the given body. */
export function caseMarkdown(data: FailureCase | Record<string, unknown>, body = ''): string {
  return `---\n${caseYaml(data)}---\n${body}`;
}

/** Creates an empty temporary folder; remove it with `removeTemp`. */
export async function makeTemp(prefix = 'failcat-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Removes a temporary folder. */
export async function removeTemp(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Writes a temporary catalog: the fixture configuration (minus `omit`, plus `config`
 * overrides as file texts) and the given case files (name → text or bytes) under cases/.
 */
export async function writeCatalog(
  cases: Record<string, string | Uint8Array>,
  options: { config?: Record<string, string>; omit?: readonly string[] } = {},
): Promise<string> {
  const dir = await makeTemp('failcat-catalog-');
  for (const name of CONFIG_NAMES) {
    if (options.omit?.includes(name)) continue;
    const text = options.config?.[name] ?? (await readFile(path.join(FIXTURE_CATALOG, name), 'utf8'));
    await writeFile(path.join(dir, name), text);
  }
  await mkdir(path.join(dir, 'cases'), { recursive: true });
  for (const [name, content] of Object.entries(cases))
    await writeFile(path.join(dir, 'cases', name), content);
  return dir;
}

/**
 * Builds a temporary catalog from a rule fixture scenario folder: its `cases/`, any
 * configuration file it holds (replacing the fixture's), without those `catalog.json`
 * lists under `omit`.
 */
export async function catalogFromScenario(scenario: string): Promise<string> {
  const entries = await readdir(scenario);
  const manifest = entries.includes('catalog.json')
    ? (JSON.parse(await readFile(path.join(scenario, 'catalog.json'), 'utf8')) as { omit?: string[] })
    : {};
  const config: Record<string, string> = {};
  for (const name of CONFIG_NAMES) {
    if (entries.includes(name)) config[name] = await readFile(path.join(scenario, name), 'utf8');
  }
  const dir = await writeCatalog({}, { config, omit: manifest.omit });
  if (entries.includes('cases'))
    await cp(path.join(scenario, 'cases'), path.join(dir, 'cases'), { recursive: true });
  return dir;
}

/** The comparable part of a finding, with the file relative to the catalog folder. */
export interface FindingAt {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: 'error' | 'warning';
}

/** Findings reduced to `FindingAt`, with `dir/` stripped from file paths. */
export function relativeFindings(findings: readonly Finding[], dir: string): FindingAt[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return findings.map(({ file, line, column, rule, severity }) => ({
    file: file.startsWith(prefix) ? file.slice(prefix.length) : file,
    line,
    column,
    rule,
    severity,
  }));
}
