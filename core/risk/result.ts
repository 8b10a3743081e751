/**
 * The check's result as one model (schemas/check-result.schema.json): the verdict, why it
 * fails, the next steps, and the facts behind them, computed once from an assessment. The
 * JSON output is this model; the text and Markdown renderers (comment.ts) read only it, so
 * every output carries the same facts and the same steps in the same words.
 */
import { findingForJson } from '../model/findings.ts';
import type { CheckResult } from '../model/schema-types.ts';
import { plural } from '../model/text.ts';
import { describeReason, reaches, type RiskResult } from './assess.ts';

export type { CheckResult };
/** One reason the check fails. */
export type CheckFailure = CheckResult['failures'][number];
/** One next step. */
export type NextStep = CheckResult['next_steps'][number];
/** A matched case in the result. */
export type CheckMatch = NonNullable<CheckResult['matches']>[number];

/** What the result needs beyond the assessment. */
export interface CheckContext {
  /** The deployment manifest's path, for the steps that name it. */
  manifestFile?: string;
  /** Where the catalog came from. */
  catalogLabel?: string;
  /** The catalog site's address, to link every case id to its page. */
  siteUrl?: string;
}

/** Formats a value in words: backticks in JSON and text, a code span in Markdown. */
export type CodeFormat = (text: string) => string;

const tick: CodeFormat = (t) => `\`${t}\``;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The page of a case on the catalog site: `<site>/cases/<id>/`. */
export function caseUrl(siteUrl: string, id: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(id)}/`;
}

/**
 * The site a catalog links to: the policy's site_url, or the site an `api/cases.json` was
 * fetched from (its address less `api/cases.json`). Only http(s) addresses.
 */
export function siteUrlOf(policySiteUrl: string | undefined, catalogUrl?: string): string | undefined {
  if (policySiteUrl && /^https?:\/\//i.test(policySiteUrl)) return policySiteUrl.replace(/\/*$/, '/');
  const m = catalogUrl ? /^(https?:\/\/[^?#]*\/)api\/cases\.json(?:[?#].*)?$/i.exec(catalogUrl) : null;
  return m ? m[1] : undefined;
}

/** The failure in words; `code` formats values. */
export function describeFailure(f: CheckFailure, code: CodeFormat = tick): string {
  return f.text.replace(/`([^`]*)`/g, (_m, v: string) => code(v));
}

/** Builds the one result model every output renders. */
export function checkResultOf(risk: RiskResult, context: CheckContext = {}): CheckResult {
  const catalog = {
    cases: risk.catalog.cases,
    invalid: risk.catalog.invalid,
    ...(context.catalogLabel ? { label: context.catalogLabel } : {}),
    ...(context.siteUrl ? { site_url: context.siteUrl } : {}),
  };
  const findings = risk.findings.map(findingForJson);
  const manifestErrors = risk.findings.filter((f) => f.severity === 'error' && f.rule !== 'test-report');
  if (manifestErrors.length > 0) {
    const file = context.manifestFile ?? manifestErrors[0]!.file;
    return {
      outcome: 'invalid',
      failed: true,
      failures: [{ kind: 'invalid-manifest', text: `The deployment manifest ${q(file)} is invalid.`, file }],
      next_steps: [
        {
          action: 'fix-manifest',
          text: `Fix the deployment manifest ${q(file)} (${plural(manifestErrors.length, 'problem')} listed) and push again.`,
          file,
        },
      ],
      findings,
      catalog,
    };
  }

  const failures: CheckFailure[] = [];
  const steps: NextStep[] = [];
  const blockingWaivable = risk.policy.allowBlockingWaivers;
  for (const r of risk.required) {
    if (r.status !== 'missing') continue;
    const by = `required by ${r.cases.join(', ')}`;
    if (r.blocking)
      failures.push({
        kind: 'blocking-item',
        text: `Blocking item ${q(r.check)} is missing (${by}).`,
        item: r.check,
      });
    const waive = !r.blocking || blockingWaivable ? ', or waive it (reason, approver, expiry)' : '';
    steps.push({
      action: 'complete-item',
      text:
        `${r.blocking ? 'Blocking: do' : 'Do'} ${q(r.check)} (${r.title.replace(/`/g, "'")}), ${by}; then tick ${q(`- [x] ${r.check}`)} ` +
        `in the PR description or set ${q(`${r.check}: done`)} in the manifest${waive}.`,
      item: r.check,
    });
  }
  for (const w of risk.waivers) {
    const what = w.item !== undefined ? `item ${q(w.item)}` : `case ${w.case!.replace(/`/g, "'")}`;
    if (w.state === 'expired')
      steps.push({
        action: 'renew-waiver',
        text: `The waiver of ${what} expired on ${w.expires}: renew it with a new expiry and approval, or remove it.`,
        ...(w.item !== undefined ? { item: w.item } : { case: w.case! }),
      });
    else if (w.state === 'rejected')
      steps.push({
        action: 'fix-waiver',
        text: `The waiver of ${what} approved by ${q(w.approver)} is rejected: ${w.note ?? 'the policy refuses it'}.`,
        ...(w.item !== undefined ? { item: w.item } : { case: w.case! }),
      });
  }
  for (const t of risk.regressionTests) {
    if (t.result === 'failed') {
      failures.push({
        kind: 'failed-test',
        text: `Regression test ${q(t.id)} of ${t.case} failed.`,
        test: t.id,
      });
      steps.push({
        action: 'fix-test',
        text: `Fix the failing regression test ${q(t.id)} of ${t.case}.`,
        test: t.id,
        case: t.case,
      });
    } else if (t.result === 'not-run' || t.result === undefined) {
      const where = t.path ? ` (${q(t.path)})` : '';
      steps.push({
        action: 'run-test',
        text:
          t.result === 'not-run'
            ? `Run the regression test ${q(t.id)}${where} of ${t.case} in this PR's CI: no test report has it.`
            : `Run the regression test ${q(t.id)}${where} of ${t.case}, and give its JUnit report to the check (--test-results, or the action's test-results input).`,
        test: t.id,
        case: t.case,
      });
    }
  }
  for (const f of risk.findings.filter((x) => x.rule === 'test-report')) {
    if (f.severity === 'error')
      failures.push({
        kind: 'test-report',
        text: `The test report ${q(f.file)} could not be read.`,
        file: f.file,
      });
    steps.push({
      action: 'fix-report',
      text: `Fix the test report ${q(f.file)}: ${f.message}`,
      file: f.file,
    });
  }
  const levelReached = reaches(risk.level, risk.failOn);
  if (levelReached) {
    failures.push({
      kind: 'level',
      text: `Risk ${risk.level} (score ${round(risk.score)}) reaches the fail-on level ${risk.failOn}.`,
    });
    if (!risk.required.some((r) => r.status === 'missing'))
      steps.push({
        action: 'review-cases',
        text: 'The matched cases alone reach the fail-on level: review them, and accept a case knowingly with a waiver (case, reason, approver, expiry) if the risk is understood.',
      });
  }
  // Blocking items first, then failed tests and reports, then the level.
  const order: Record<CheckFailure['kind'], number> = {
    'invalid-manifest': 0,
    'blocking-item': 1,
    'failed-test': 2,
    'test-report': 3,
    level: 4,
  };
  failures.sort((a, b) => order[a.kind] - order[b.kind]);
  const stepOrder: Record<NextStep['action'], number> = {
    'fix-manifest': 0,
    'fix-test': 1,
    'fix-report': 2,
    'complete-item': 3,
    'renew-waiver': 4,
    'fix-waiver': 5,
    'run-test': 6,
    'review-cases': 7,
  };
  // Stable: items keep the order of `required`, blocking ones first.
  steps.sort((a, b) => stepOrder[a.action] - stepOrder[b.action]);

  const p = risk.policy;
  const fromCases = round(risk.matches.reduce((s, m) => s + m.contribution.points, 0));
  const fromItems = round(risk.required.reduce((s, r) => s + r.points, 0));
  const fromTests = round(risk.regressionTests.reduce((s, t) => s + (t.points ?? 0), 0));
  return {
    outcome: risk.failed ? 'failed' : 'passed',
    failed: risk.failed,
    level: risk.level,
    score: risk.score,
    fail_on: risk.failOn,
    failures,
    next_steps: steps,
    matches: risk.matches.map((m) => {
      const c = m.contribution;
      return {
        id: m.id,
        title: m.title,
        severity: m.severity,
        status: m.status,
        file: m.file,
        ...(context.siteUrl ? { url: caseUrl(context.siteUrl, m.id) } : {}),
        strength: m.strength,
        waived: m.waived === true,
        reasons: m.reasons.map((r) => ({
          kind: r.kind,
          value: r.value,
          pattern: r.pattern,
          via: r.via,
          ...(r.check ? { check: r.check } : {}),
          text: describeReason(r),
        })),
        contribution: {
          weight: c.weight,
          status_factor: c.statusFactor,
          strength_factor: c.strengthFactor,
          ...(c.ageDays !== undefined ? { age_days: c.ageDays } : {}),
          recency: round(c.recency),
          points: c.points,
        },
      };
    }),
    required: risk.required.map((r) => ({
      item: r.check,
      title: r.title,
      status: r.status,
      source: r.source,
      blocking: r.blocking,
      cases: r.cases,
      points: r.points,
    })),
    waivers: risk.waivers.map((w) => ({
      ...(w.item !== undefined ? { item: w.item } : {}),
      ...(w.case !== undefined ? { case: w.case } : {}),
      reason: w.reason,
      approver: w.approver,
      expires: w.expires,
      source: w.source,
      state: w.state,
      days_left: w.daysLeft,
      ...(w.note ? { note: w.note } : {}),
    })),
    regression_tests: risk.regressionTests.map((t) => ({
      id: t.id,
      description: t.description,
      ...(t.path ? { path: t.path } : {}),
      case: t.case,
      result: t.result ?? 'not-checked',
      ...(t.reports ? { reports: t.reports } : {}),
      points: t.points ?? 0,
    })),
    unknown_items: risk.unknownItems,
    findings,
    score_breakdown: { cases: fromCases, items: fromItems, tests: fromTests },
    policy: {
      levels: p.levels,
      status_factors: p.statusFactors,
      recency_half_life_days: p.halfLifeDays,
      recency_floor: p.recencyFloor,
      missing_item_points: p.missingItemPoints,
      max_weight: p.maxWeight,
      weak_match_factor: p.weakMatchFactor,
    },
    catalog,
  };
}

/** A value in backticks, for the words of failures and steps. */
function q(value: string): string {
  return `\`${value.replace(/`/g, "'")}\``;
}
