/**
 * Whether a case matches a deployment, and why: what the risk check's workers need of it
 * (node/pool/risk-batch.ts), apart from the assessment (assess.ts), so a worker loads
 * only this, the case schema's types and the glob matcher.
 */
import type { DeploymentManifest, FailureCase } from '../model/schema-types.ts';
import { compileGlob } from './glob.ts';

/** The fields of a case the risk check reads; a full CaseRecord satisfies it. */
export type RiskCaseData = Pick<
  FailureCase,
  | 'id'
  | 'title'
  | 'severity'
  | 'status'
  | 'occurred_at'
  | 'system'
  | 'data'
  | 'safeguards'
  | 'regression_tests'
>;

/** A case as the risk check sees it. */
export interface RiskCase {
  file: string;
  data: RiskCaseData;
}

/** The kinds of deployment value a case can match on. */
export type MatchKind = 'model' | 'feature' | 'data_source' | 'environment' | 'path';

/** One reason a case matched, as data; `describeReason` puts it in words. */
export interface MatchReason {
  kind: MatchKind;
  /** The deployment's value (model name, feature, changed path, ...). */
  value: string;
  /** The case's glob or value that matched it. */
  pattern: string;
  /** A safeguard's applies_to, or the case's own system/data fields. */
  via: 'safeguard' | 'case';
  /** The checklist item of the safeguard, when via is safeguard. */
  check?: string;
}

/** What a deployment PR is: the manifest, the PR description and the changed files. */
export interface Deployment {
  /** The parsed manifest; undefined when there is none (only paths and the body then match). */
  manifest?: DeploymentManifest;
  /** The PR description, for its task list. */
  body?: string;
  /** Paths the PR changes, relative to the repository root. */
  changedPaths?: readonly string[];
}

/** How strongly a case matches: its model (strong), or only shared data, features, environment or paths (weak). */
export type MatchStrength = 'strong' | 'weak';

const matcherCache = new Map<string, (value: string) => boolean>();
/** Characters that make a pattern a glob (or escape one). */
const GLOB_SYNTAX = /[*?[\]{}\\]/;

/**
 * Glob matcher: for paths `*` stops at `/`; for names (models, features, sources) a `*`
 * spans everything, since names like `s3://bucket/table` are not file paths. Globs run
 * without backtracking (glob.ts): the values come from the PR.
 */
function matcher(pattern: string, kind: MatchKind): (value: string) => boolean {
  const key = `${kind === 'path' ? 'p' : 'n'}:${pattern}`;
  const cached = matcherCache.get(key);
  if (cached) return cached;
  // Most names in a catalog are written out, not globs: compare those directly.
  const literal = pattern.toLowerCase();
  const fn =
    kind !== 'path' && !GLOB_SYNTAX.test(pattern)
      ? (value: string) => value.length === literal.length && value.toLowerCase() === literal
      : compileGlob(pattern, kind === 'path');
  matcherCache.set(key, fn);
  return fn;
}

/** Which deployment values each glob matches, by kind, worked out once per deployment. */
export type MatchMemo = Map<MatchKind, Map<string, string[]>>;

function matchedValues(deployment: Deployment, kind: MatchKind, pattern: string, memo: MatchMemo): string[] {
  let byPattern = memo.get(kind);
  if (!byPattern) memo.set(kind, (byPattern = new Map()));
  let values = byPattern.get(pattern);
  if (!values) {
    const test = matcher(pattern, kind);
    values = valuesOf(deployment, kind).filter((value) => value === pattern || test(value));
    byPattern.set(pattern, values);
  }
  return values;
}

function valuesOf(deployment: Deployment, kind: MatchKind): string[] {
  const m = deployment.manifest;
  switch (kind) {
    case 'model':
      return m?.model ? [m.model] : [];
    case 'feature':
      return m?.features ?? [];
    case 'data_source':
      return m?.data_sources ?? [];
    case 'environment':
      return m?.environment ? [m.environment] : [];
    case 'path':
      return [...(deployment.changedPaths ?? [])];
  }
}

const APPLIES_TO_KINDS = {
  models: 'model',
  features: 'feature',
  data_sources: 'data_source',
  environments: 'environment',
  paths: 'path',
} as const satisfies Record<string, MatchKind>;

const APPLIES_TO_LISTS = Object.entries(APPLIES_TO_KINDS) as [keyof typeof APPLIES_TO_KINDS, MatchKind][];

/** Reasons every pattern list matches at least one deployment value, or undefined when one does not. */
function matchAll(
  lists: [MatchKind, readonly string[] | undefined][],
  deployment: Deployment,
  via: MatchReason['via'],
  memo: MatchMemo,
  check?: string,
): MatchReason[] | undefined {
  const reasons: MatchReason[] = [];
  let any = false;
  for (const [kind, patterns] of lists) {
    if (!patterns || patterns.length === 0) continue;
    any = true;
    // Most lists match nothing: find that out before building any reason.
    if (!patterns.some((pattern) => matchedValues(deployment, kind, pattern, memo).length > 0))
      return undefined;
    for (const pattern of patterns) {
      for (const value of matchedValues(deployment, kind, pattern, memo)) {
        reasons.push({ kind, value, pattern, via, ...(check ? { check } : {}) });
      }
    }
  }
  return any ? reasons : undefined;
}

/**
 * Why a case matches a deployment, or undefined when it does not.
 *
 * - A safeguard applies when every kind its `applies_to` lists (models, features,
 *   data_sources, environments, paths) matches at least one deployment value: AND across
 *   kinds, OR within a kind. `models: [fraud-*], environments: [production]` is about
 *   fraud models in production, not every production deployment.
 * - The case's own `system.model` matches the manifest's model (equal, or as a glob);
 *   its `data.sources` and `data.features` match when they share a value with the
 *   manifest's (each on its own: one shared feature is enough to be at risk).
 *
 * Returns the reasons, the strength and the checklist items required: those of the
 * safeguards that apply, or every safeguard of the case when its own model matches (the
 * same model failed before, so everything it learned applies). A match is strong when a
 * model matches (the case's, or a safeguard's models), weak when only shared data
 * sources, features, environments or paths do. `memo` carries glob results across the
 * cases of one deployment.
 */
export function matchCase(
  data: RiskCaseData,
  deployment: Deployment,
  memo: MatchMemo = new Map(),
): { reasons: MatchReason[]; checks: string[]; strength: MatchStrength } | undefined {
  const reasons: MatchReason[] = [];
  const checks = new Set<string>();
  let own = false;
  for (const [kind, patterns] of [
    ['model', data.system?.model ? [data.system.model] : undefined],
    ['data_source', data.data?.sources],
    ['feature', data.data?.features],
  ] as [MatchKind, string[] | undefined][]) {
    const r = matchAll([[kind, patterns]], deployment, 'case', memo);
    if (r) {
      if (kind === 'model') own = true;
      reasons.push(...r);
    }
  }
  for (const safeguard of data.safeguards ?? []) {
    const appliesTo = safeguard.applies_to as Record<string, string[] | undefined>;
    const lists = APPLIES_TO_LISTS.map(([key, kind]): [MatchKind, string[] | undefined] => [
      kind,
      appliesTo[key],
    ]);
    const r = matchAll(lists, deployment, 'safeguard', memo, safeguard.check);
    if (r) {
      reasons.push(...r);
      checks.add(safeguard.check);
    }
  }
  if (reasons.length === 0) return undefined;
  if (own) for (const s of data.safeguards ?? []) checks.add(s.check);
  const strength: MatchStrength = reasons.some((r) => r.kind === 'model') ? 'strong' : 'weak';
  return { reasons: dedupeReasons(reasons), checks: [...checks], strength };
}

function dedupeReasons(reasons: MatchReason[]): MatchReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.kind}\0${r.value}\0${r.pattern}\0${r.via}\0${r.check ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
