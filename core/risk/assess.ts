/**
 * The PR risk check: which past failures a deployment could repeat, which checklist items
 * those failures require, and an explainable score. Pure: the manifest, the PR body, the
 * changed paths and the cases come in as data; rendering lives in `comment.ts`.
 */
import { positionFindings } from '../validate/catalog-config.ts';
import type { CatalogConfig } from '../validate/config.ts';
import type { Finding } from '../model/findings.ts';
import { parseDate } from '../model/dates.ts';
import type { Checklist, DeploymentManifest, Policy, Waiver } from '../model/schema-types.ts';
import { riskSettingsOf, validateSchema } from '../model/schemas.ts';
import { parseSource } from '../parse/source.ts';
import { readBodyWaivers } from './waivers.ts';
import { casesOf, outcomeOf, type TestOutcome, type TestReports } from './junit.ts';

import {
  matchCase,
  type Deployment,
  type MatchKind,
  type MatchMemo,
  type MatchReason,
  type MatchStrength,
  type RiskCase,
  type RiskCaseData,
} from './match.ts';

export type { TestOutcome, TestReports };

/** Risk levels, least to most severe. */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;
/** A risk level. */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Where a waiver was written. */
export type WaiverSource = 'manifest' | 'pr-body';

/** What became of a waiver in this check. */
export type WaiverState = 'active' | 'expired' | 'rejected' | 'unused';

/** A waiver as the check applied it. */
export interface WaiverResult {
  item?: string;
  case?: string;
  reason: string;
  approver: string;
  expires: string;
  source: WaiverSource;
  state: WaiverState;
  /** Days from today to the expiry (0 on its last day, negative once expired). */
  daysLeft: number;
  /** Why a waiver was rejected or unused. */
  note?: string;
}

/** How one matched case adds to the score: weight × status factor × recency × strength factor. */
export interface CaseContribution {
  weight: number;
  statusFactor: number;
  /** 1 for a strong match, the policy's weak_match_factor for a weak one. */
  strengthFactor: number;
  /** Days from the case's occurred_at to today (undefined when it has no valid date). */
  ageDays?: number;
  recency: number;
  points: number;
}

/** A case the deployment could repeat. */
export interface CaseMatch {
  id: string;
  title: string;
  severity: string;
  status: string;
  file: string;
  strength: MatchStrength;
  reasons: MatchReason[];
  contribution: CaseContribution;
  /** Set when an active waiver accepts the case: it then adds no points and requires nothing. */
  waived?: boolean;
}

/** State of a checklist item in the PR: waived is missing but accepted by an active waiver. */
export type ItemStatus = 'done' | 'missing' | 'not-applicable' | 'waived';

/** A checklist item that matched cases require. */
export interface RequiredItem {
  check: string;
  title: string;
  status: ItemStatus;
  /** Where the status came from. */
  source: 'pr-body' | 'manifest' | 'default' | 'waiver';
  /** Whether missing it fails the check whatever the score. */
  blocking: boolean;
  /** Ids of the matched cases that require it, most severe first. */
  cases: string[];
  /** Points a missing item adds: missing_item_points × (weight of its most severe case / the largest weight). */
  points: number;
}

/** A regression test a matched case asks to run. */
export interface RegressionTest {
  id: string;
  description: string;
  path?: string;
  case: string;
  /** What the test reports say; undefined when none were given. */
  result?: TestOutcome;
  /** The report files its test cases came from. */
  reports?: string[];
  /** Points a test that did not run adds, as a missing item of its case would. */
  points?: number;
}

/** The outcome of a risk check. */
export interface RiskResult {
  level: RiskLevel;
  score: number;
  /** The level at which the check fails (from the policy, or overridden). */
  failOn: RiskLevel;
  /** Whether the check fails: the level reached failOn, a blocking item is missing, or the manifest has errors. */
  failed: boolean;
  /** Whether a blocking item is missing. */
  blocked: boolean;
  matches: CaseMatch[];
  required: RequiredItem[];
  regressionTests: RegressionTest[];
  /** Every waiver of the manifest and the PR description, with what became of it. */
  waivers: WaiverResult[];
  /** Task-list or manifest ids that are not checklist items. */
  unknownItems: string[];
  /** Problems with the deployment manifest, positioned. */
  findings: Finding[];
  /** The policy values the score used, shown with the explanation. */
  policy: RiskPolicy;
  /** How many cases were considered, and how many catalog files were left out as invalid. */
  catalog: { cases: number; invalid: number };
}

/** The risk block of policy.yaml with every default filled in. */
export interface RiskPolicy {
  failOn: RiskLevel;
  levels: Record<Exclude<RiskLevel, 'none'>, number>;
  statusFactors: Record<string, number>;
  halfLifeDays: number;
  recencyFloor: number;
  missingItemPoints: number;
  /** Weight of each severity id. */
  weights: Record<string, number>;
  maxWeight: number;
  weakMatchFactor: number;
  /** Items that block, from policy.yaml's risk.blocking and checklist.yaml's blocking. */
  blocking: { item: string; fromSeverity?: string }[];
  /** Logins that may approve waivers (lower case, no @); empty: anyone. */
  approvers: string[];
  allowBlockingWaivers: boolean;
}

const DAY_MS = 86_400_000;

/** The risk policy as the score uses it: the policy's risk block, with its schema's defaults, and the checklist's blocking items. */
export function riskPolicyOf(policy: Policy | undefined, checklist?: Checklist): RiskPolicy {
  const risk = riskSettingsOf(policy);
  const weights: Record<string, number> = {};
  for (const s of policy?.severities ?? []) weights[s.id] = s.weight;
  const { low, medium, high, critical } = risk.levels;
  return {
    failOn: risk.fail_on,
    levels: { low, medium, high, critical },
    statusFactors: risk.status_factors,
    halfLifeDays: risk.recency_half_life_days,
    recencyFloor: risk.recency_floor,
    missingItemPoints: risk.missing_item_points,
    weights,
    maxWeight: Math.max(0, ...Object.values(weights)),
    weakMatchFactor: risk.weak_match_factor,
    blocking: [
      ...risk.blocking.map((b) => ({
        item: b.item,
        ...(b.from_severity ? { fromSeverity: b.from_severity } : {}),
      })),
      ...(checklist?.items ?? []).flatMap((i) =>
        i.blocking === true
          ? [{ item: i.id }]
          : i.blocking
            ? [{ item: i.id, fromSeverity: i.blocking.from_severity }]
            : [],
      ),
    ],
    // riskSettingsOf filled both from the schema's defaults.
    approvers: risk.waivers.approvers!.map(loginOf),
    allowBlockingWaivers: risk.waivers.allow_blocking!,
  };
}

/** The level a score reaches under the policy's thresholds. */
export function levelOf(score: number, levels: RiskPolicy['levels']): RiskLevel {
  let level: RiskLevel = 'none';
  for (const l of ['low', 'medium', 'high', 'critical'] as const) if (score >= levels[l]) level = l;
  return level;
}

/** Whether `level` is at least `threshold`; a threshold of none never fails. */
export function reaches(level: RiskLevel, threshold: RiskLevel): boolean {
  return threshold !== 'none' && RISK_LEVELS.indexOf(level) >= RISK_LEVELS.indexOf(threshold);
}

/**
 * Ticked and unticked task-list items of a PR body, by checklist id: `- [x] id`, `* [X] id`,
 * `+ [ ] \`id\`: text`. Items inside fenced code blocks are ignored; the last mention wins.
 */
export function parseTaskList(body: string | undefined): Map<string, boolean> {
  const items = new Map<string, boolean>();
  if (!body) return items;
  let fence: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = undefined;
      continue;
    }
    if (fence) continue;
    const m =
      /^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+\[([ xX])\]\s+(?:\*\*|`)?([a-z0-9]+(?:-[a-z0-9]+)*)(?:\*\*|`)?(?=$|[\s:,.;)])/.exec(
        line,
      );
    if (m) items.set(m[2]!, m[1] !== ' ');
  }
  return items;
}

const KIND_WORDS: Record<MatchKind, string> = {
  model: 'model',
  feature: 'feature',
  data_source: 'data source',
  environment: 'environment',
  path: 'changed path',
};

/**
 * A reason in words, with values in backticks: "model `fraud-detector` matches safeguard
 * glob `fraud-*` (validate-feature-ranges)". `code` formats a value (the comment escapes it).
 */
export function describeReason(
  reason: MatchReason,
  code: (text: string) => string = (t) => `\`${t}\``,
): string {
  const what = `${KIND_WORDS[reason.kind]} ${code(reason.value)}`;
  if (reason.via === 'safeguard') {
    return `${what} matches safeguard glob ${code(reason.pattern)} (${code(reason.check ?? '')})`;
  }
  const field = { model: 'system.model', feature: 'data.features', data_source: 'data.sources' }[
    reason.kind as 'model' | 'feature' | 'data_source'
  ];
  return reason.value === reason.pattern
    ? `${what} is the case's ${field}`
    : `${what} matches the case's ${field} ${code(reason.pattern)}`;
}

/** The recency factor of a case: halves every half-life, never below the floor. */
export function recencyOf(ageDays: number | undefined, policy: RiskPolicy): number {
  if (ageDays === undefined) return 1;
  return Math.max(policy.recencyFloor, 0.5 ** (Math.max(0, ageDays) / policy.halfLifeDays));
}

/** How much one matched case adds to the score. */
export function contributionOf(
  data: RiskCaseData,
  policy: RiskPolicy,
  todayMs: number,
  strength: MatchStrength = 'strong',
): CaseContribution {
  const weight = policy.weights[data.severity] ?? 0;
  const statusFactor = policy.statusFactors[data.status] ?? 1;
  const strengthFactor = strength === 'strong' ? 1 : policy.weakMatchFactor;
  const occurred = parseDate(data.occurred_at);
  const ageDays = occurred === undefined ? undefined : Math.max(0, Math.floor((todayMs - occurred) / DAY_MS));
  const recency = recencyOf(ageDays, policy);
  return {
    weight,
    statusFactor,
    strengthFactor,
    ageDays,
    recency,
    points: round(weight * statusFactor * recency * strengthFactor),
  };
}

/** A login as approver lists compare it: without @, in lower case. */
function loginOf(name: string): string {
  return name.trim().replace(/^@/, '').toLowerCase();
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Options of a risk check. */
export interface AssessOptions {
  /** Today, ISO date or date-time; recency counts from here. */
  today: string;
  /** Overrides the policy's fail_on. */
  failOn?: RiskLevel;
  /** Findings about the manifest (from `readManifest`); errors fail the check. */
  findings?: Finding[];
  /** Catalog files left out because they are invalid. */
  invalidCases?: number;
  /** Valid cases in the catalog, when `cases` holds only those that can match (default: all of `cases`). */
  caseCount?: number;
  /** The PR's test reports, when given: each regression test is then passed, failed, skipped or not run. */
  testReports?: TestReports;
}

/** A waiver with where it was written. */
export interface SourcedWaiver extends Waiver {
  source: WaiverSource;
}

/** Scores a deployment against the catalog's cases under its policy. */
export function assessRisk(
  config: CatalogConfig,
  cases: readonly RiskCase[],
  deployment: Deployment,
  options: AssessOptions,
): RiskResult {
  const policy = riskPolicyOf(config.policy, config.checklist);
  const todayMs = parseDate(options.today.slice(0, 10)) ?? Date.parse(options.today);
  const severityRank = new Map((config.policy?.severities ?? []).map((s, i) => [s.id, i]));
  const rank = (s: string) => severityRank.get(s) ?? Number.MAX_SAFE_INTEGER;
  const findings = [...(options.findings ?? [])];
  const broken = findings.some((f) => f.severity === 'error');
  const failOn = options.failOn ?? policy.failOn;
  const catalog = { cases: options.caseCount ?? cases.length, invalid: options.invalidCases ?? 0 };
  if (broken) {
    // An unreadable manifest says nothing about the deployment: report only its errors.
    return {
      level: 'none',
      score: 0,
      failOn,
      failed: true,
      blocked: false,
      matches: [],
      required: [],
      regressionTests: [],
      waivers: [],
      unknownItems: [],
      findings,
      policy,
      catalog,
    };
  }

  const body = readBodyWaivers(deployment.body);
  findings.push(...body.findings);
  const written: SourcedWaiver[] = [
    ...(deployment.manifest?.waivers ?? []).map((w) => ({ ...w, source: 'manifest' as const })),
    ...body.waivers.map((w) => ({ ...w, source: 'pr-body' as const })),
  ];

  const memo: MatchMemo = new Map();
  const matches: CaseMatch[] = [];
  const dataOf = new Map<CaseMatch, RiskCaseData>();
  const checksOf = new Map<CaseMatch, string[]>();
  for (const c of cases) {
    const m = matchCase(c.data, deployment, memo);
    if (!m) continue;
    const match: CaseMatch = {
      id: c.data.id,
      title: c.data.title,
      severity: c.data.severity,
      status: c.data.status,
      file: c.file,
      strength: m.strength,
      reasons: m.reasons,
      contribution: contributionOf(c.data, policy, todayMs, m.strength),
    };
    matches.push(match);
    dataOf.set(match, c.data);
    checksOf.set(match, m.checks);
  }
  matches.sort(
    (a, b) =>
      b.contribution.points - a.contribution.points || rank(a.severity) - rank(b.severity) || cmp(a.id, b.id),
  );

  const items = new Map((config.checklist?.items ?? []).map((i) => [i.id, i]));
  const isBlocking = (check: string, severity: string) =>
    policy.blocking.some(
      (b) => b.item === check && (b.fromSeverity === undefined || rank(severity) <= rank(b.fromSeverity)),
    );

  // Waivers: who approved them and until when decides whether they hold.
  const waivers: WaiverResult[] = written.map((w) => {
    const expiresMs = parseDate(w.expires);
    const daysLeft = expiresMs === undefined ? -1 : Math.floor((expiresMs - todayMs) / DAY_MS);
    const result: WaiverResult = {
      ...(w.item ? { item: w.item } : {}),
      ...(w.case ? { case: w.case } : {}),
      reason: w.reason,
      approver: w.approver,
      expires: w.expires,
      source: w.source,
      state: 'active',
      daysLeft,
    };
    if (expiresMs === undefined) return { ...result, state: 'rejected', note: 'its expiry is not a date' };
    if (policy.approvers.length > 0 && !policy.approvers.includes(loginOf(w.approver)))
      return {
        ...result,
        state: 'rejected',
        note: "its approver is not in the policy's risk.waivers.approvers",
      };
    if (daysLeft < 0) return { ...result, state: 'expired' };
    return result;
  });
  const activeWaiver = (key: 'item' | 'case', id: string) =>
    waivers.find((w) => w.state === 'active' && w[key] === id);

  for (const m of matches) {
    const w = activeWaiver('case', m.id);
    if (!w) continue;
    m.waived = true;
    m.contribution = { ...m.contribution, points: 0 };
  }
  const requiredBy = new Map<string, CaseMatch[]>();
  for (const m of matches) {
    if (m.waived) continue;
    for (const check of checksOf.get(m)!) {
      const list = requiredBy.get(check) ?? [];
      list.push(m);
      requiredBy.set(check, list);
    }
  }

  const ticked = parseTaskList(deployment.body);
  const declared = deployment.manifest?.checklist ?? {};
  const unknownItems = [...new Set([...ticked.keys(), ...Object.keys(declared)])]
    .filter((id) => !items.has(id))
    .sort();

  const required: RequiredItem[] = [];
  const usedWaivers = new Set<WaiverResult>();
  for (const [check, by] of requiredBy) {
    by.sort((a, b) => rank(a.severity) - rank(b.severity) || cmp(a.id, b.id));
    let { status, source } = itemStatus(check, ticked, declared);
    const blocking = by.some((m) => isBlocking(check, m.severity));
    const waiver = activeWaiver('item', check);
    if (waiver && status === 'missing') {
      if (blocking && !policy.allowBlockingWaivers) {
        waiver.state = 'rejected';
        waiver.note = "the item is blocking and the policy's risk.waivers.allow_blocking is false";
      } else {
        status = 'waived';
        source = 'waiver';
        usedWaivers.add(waiver);
      }
    }
    const topWeight = Math.max(...by.map((m) => m.contribution.weight * m.contribution.strengthFactor));
    const factor = policy.maxWeight > 0 ? topWeight / policy.maxWeight : 1;
    required.push({
      check,
      title: items.get(check)?.title ?? check,
      status,
      source,
      blocking,
      cases: by.map((m) => m.id),
      points: status === 'missing' ? round(policy.missingItemPoints * factor) : 0,
    });
  }
  const statusOrder: Record<ItemStatus, number> = { missing: 0, waived: 1, done: 2, 'not-applicable': 3 };
  required.sort(
    (a, b) =>
      statusOrder[a.status] - statusOrder[b.status] ||
      Number(b.blocking) - Number(a.blocking) ||
      b.points - a.points ||
      cmp(a.check, b.check),
  );
  for (const w of waivers) {
    if (w.state !== 'active') continue;
    if (w.case !== undefined && matches.some((m) => m.id === w.case)) continue;
    if (w.item !== undefined && usedWaivers.has(w)) continue;
    w.state = 'unused';
    w.note =
      w.case !== undefined
        ? 'no matched case has this id'
        : items.has(w.item!)
          ? 'the item is not missing in this deployment'
          : 'no checklist item has this id';
  }

  const regressionTests: RegressionTest[] = [];
  const seenTests = new Set<string>();
  for (const m of matches) {
    if (m.waived) continue;
    for (const t of dataOf.get(m)!.regression_tests ?? []) {
      const key = `${t.id}\0${t.path ?? ''}`;
      if (seenTests.has(key)) continue;
      seenTests.add(key);
      regressionTests.push({
        id: t.id,
        description: t.description,
        ...(t.path ? { path: t.path } : {}),
        case: m.id,
      });
    }
  }

  const reports = options.testReports;
  if (reports) {
    findings.push(...reports.findings);
    const byId = new Map(matches.map((m) => [m.id, m]));
    for (const t of regressionTests) {
      const found = casesOf(t, reports.cases);
      t.result = outcomeOf(found);
      t.reports = [...new Set(found.map((c) => c.report))];
      // A test that did not run weighs what a missing item of its case would.
      const c = byId.get(t.case)!.contribution;
      const factor = policy.maxWeight > 0 ? (c.weight * c.strengthFactor) / policy.maxWeight : 1;
      t.points = t.result === 'not-run' ? round(policy.missingItemPoints * factor) : 0;
    }
  }
  const score = round(
    matches.reduce((s, m) => s + m.contribution.points, 0) +
      required.reduce((s, r) => s + r.points, 0) +
      regressionTests.reduce((s, t) => s + (t.points ?? 0), 0),
  );
  const level = levelOf(score, policy.levels);
  const blocked = required.some((r) => r.blocking && r.status === 'missing');
  const testsFail =
    regressionTests.some((t) => t.result === 'failed') ||
    findings.some((f) => f.rule === 'test-report' && f.severity === 'error');
  return {
    level,
    score,
    failOn,
    failed: reaches(level, failOn) || blocked || testsFail,
    blocked,
    matches,
    required,
    regressionTests,
    waivers,
    unknownItems,
    findings,
    policy,
    catalog,
  };
}

function itemStatus(
  check: string,
  ticked: Map<string, boolean>,
  declared: NonNullable<DeploymentManifest['checklist']>,
): { status: ItemStatus; source: RequiredItem['source'] } {
  const t = ticked.get(check);
  if (t !== undefined) return { status: t ? 'done' : 'missing', source: 'pr-body' };
  const d = declared[check];
  if (d === undefined) return { status: 'missing', source: 'default' };
  const status: ItemStatus = d === true ? 'done' : d === false ? 'missing' : d;
  return { status, source: 'manifest' };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parses and validates a deployment manifest. Never throws: a missing, malformed or
 * invalid manifest gives findings at their line, and `manifest` is then undefined.
 */
export function readManifest(
  file: string,
  bytes: Uint8Array | undefined,
): { manifest?: DeploymentManifest; findings: Finding[] } {
  if (bytes === undefined) {
    return {
      findings: [
        {
          file,
          line: 1,
          column: 1,
          rule: 'deploy-missing',
          severity: 'error',
          message: `The deployment manifest ${file} does not exist.`,
          hint: 'Create it (model, environment, data_sources, features, checklist), or point --deploy / the deploy-file input at it.',
        },
      ],
    };
  }
  const src = parseSource(file, bytes, 'yaml');
  const pending = [...src.findings];
  if (src.data !== undefined) pending.push(...validateSchema('deploy', file, src.data ?? null));
  const findings = positionFindings(src, pending);
  const broken = src.data === undefined || findings.some((f) => f.severity === 'error');
  return broken ? { findings } : { manifest: src.data as DeploymentManifest, findings };
}
