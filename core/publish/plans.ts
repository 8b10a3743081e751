/**
 * Retraining and evaluation plans for reading: a target metric in words, and the plans page,
 * which gathers the open plans of every case by model, next to the model's open corrective
 * actions. Pure: pages and tests call it with the cases.
 */
import type { FailureCase } from '../model/schema-types.ts';
import { parseDate } from '../model/dates.ts';
import { isOpenAction } from './stats.ts';

type RetrainingPlan = NonNullable<FailureCase['retraining_plan']>;
type EvaluationPlan = NonNullable<FailureCase['evaluation_plan']>;
/** A target metric of a plan. */
export type TargetMetric = NonNullable<RetrainingPlan['target_metrics']>[number];
/** A plan status. */
export type PlanStatus = RetrainingPlan['status'];

/** Plan statuses in the order a reader works through them. */
export const PLAN_STATUSES: readonly PlanStatus[] = [
  'in-progress',
  'approved',
  'proposed',
  'done',
  'dropped',
];

/** Whether a plan still needs work: proposed, approved or in progress. */
export function isOpenPlan(status: PlanStatus): boolean {
  return status === 'proposed' || status === 'approved' || status === 'in-progress';
}

// One formatter for every number: `toLocaleString` with options builds a new one on each
// call, about 19 µs against 0.5 µs, and a site build formats numbers on every case page.
const READER_NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** A number as a reader wants it: up to four significant decimals, thousands grouped. */
export function formatNumber(x: number): string {
  return READER_NUMBER.format(x);
}

/** The goal in words: "≥ 0.88", "≤ 60 ms" (non-breaking spaces: a goal never wraps). */
export function formatGoal(t: TargetMetric): string {
  const unit = t.unit ? `\u00a0${t.unit}` : '';
  return `${t.direction === 'at-most' ? '≤' : '≥'}\u00a0${formatNumber(t.goal)}${unit}`;
}

/** Whether a baseline already meets the goal (undefined without a baseline). */
export function meetsGoal(t: TargetMetric): boolean | undefined {
  if (t.baseline === undefined) return undefined;
  return t.direction === 'at-most' ? t.baseline <= t.goal : t.baseline >= t.goal;
}

/** One plan of one case, for the plans page. */
export interface PlanEntry {
  caseId: string;
  caseTitle: string;
  severity: string;
  model: string;
  kind: 'retraining' | 'evaluation';
  status: PlanStatus;
  owner: string;
  summary?: string;
  targets: TargetMetric[];
  due?: string;
  overdue: boolean;
}

/** An open corrective action, by the model of its case. */
export interface ModelAction {
  caseId: string;
  action: string;
  owner: string;
  due?: string;
  status: string;
  overdue: boolean;
}

/** The plans and open actions of one model. */
export interface ModelPlans {
  model: string;
  plans: PlanEntry[];
  actions: ModelAction[];
}

/** What the plans page shows. */
export interface PlansOverview {
  /** Open plans per status, in PLAN_STATUSES order. */
  byStatus: { status: PlanStatus; count: number }[];
  /** Models with an open plan or an open action, most open plans first. */
  models: ModelPlans[];
  openPlans: number;
  closedPlans: number;
}

/** Cases without a model are gathered under this name. */
export const NO_MODEL = '(no model named)';

/**
 * Gathers the open plans and open corrective actions of `cases` by model; `today` (a date)
 * decides what is overdue.
 */
export function collectPlans(cases: readonly FailureCase[], today: string): PlansOverview {
  const now = parseDate(today) ?? Date.now();
  const byModel = new Map<string, ModelPlans>();
  const counts = new Map<PlanStatus, number>();
  let closedPlans = 0;
  const entry = (model: string) => {
    let m = byModel.get(model);
    if (!m) byModel.set(model, (m = { model, plans: [], actions: [] }));
    return m;
  };
  const overdue = (due: string | undefined) => {
    const at = due ? parseDate(due) : undefined;
    return at !== undefined && at < now;
  };
  for (const d of cases) {
    const model = d.system?.model ?? NO_MODEL;
    const plans: [PlanEntry['kind'], RetrainingPlan | EvaluationPlan | undefined][] = [
      ['retraining', d.retraining_plan],
      ['evaluation', d.evaluation_plan],
    ];
    for (const [kind, plan] of plans) {
      if (!plan) continue;
      if (!isOpenPlan(plan.status)) {
        closedPlans++;
        continue;
      }
      counts.set(plan.status, (counts.get(plan.status) ?? 0) + 1);
      entry(model).plans.push({
        caseId: d.id,
        caseTitle: d.title,
        severity: d.severity,
        model,
        kind,
        status: plan.status,
        owner: plan.owner,
        summary: plan.summary,
        targets: plan.target_metrics ?? [],
        due: plan.due,
        overdue: overdue(plan.due),
      });
    }
    for (const a of d.corrective_actions ?? []) {
      if (!isOpenAction(a.status)) continue;
      entry(model).actions.push({
        caseId: d.id,
        action: a.action,
        owner: a.owner,
        due: a.due,
        status: a.status,
        overdue: overdue(a.due),
      });
    }
  }
  const rank = (s: PlanStatus) => PLAN_STATUSES.indexOf(s);
  const models = [...byModel.values()];
  for (const m of models) {
    m.plans.sort((a, b) => rank(a.status) - rank(b.status) || a.caseId.localeCompare(b.caseId));
    m.actions.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.caseId.localeCompare(b.caseId));
  }
  models.sort(
    (a, b) =>
      b.plans.length - a.plans.length ||
      b.actions.length - a.actions.length ||
      a.model.localeCompare(b.model),
  );
  return {
    byStatus: PLAN_STATUSES.filter((s) => counts.has(s)).map((status) => ({
      status,
      count: counts.get(status)!,
    })),
    models,
    openPlans: [...counts.values()].reduce((s, n) => s + n, 0),
    closedPlans,
  };
}
