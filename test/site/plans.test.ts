/** core/publish/plans.ts: target metrics in words, and open plans gathered by model next to open actions. */
import { describe, expect, it } from 'vitest';
import { collectPlans, formatGoal, meetsGoal } from '../../core/publish/plans.ts';
import { makeCase } from '../helpers/catalog.ts';

describe('target metrics', () => {
  it('read as a goal with its direction and unit', () => {
    expect(formatGoal({ metric: 'precision', goal: 0.88 })).toBe('≥\u00a00.88');
    expect(formatGoal({ metric: 'p99 latency', goal: 60, direction: 'at-most', unit: 'ms' })).toBe(
      '≤\u00a060\u00a0ms',
    );
    expect(meetsGoal({ metric: 'p99', baseline: 410, goal: 60, direction: 'at-most' })).toBe(false);
    expect(meetsGoal({ metric: 'recall', baseline: 0.9, goal: 0.85 })).toBe(true);
    expect(meetsGoal({ metric: 'recall', goal: 0.85 })).toBeUndefined();
  });
});

describe('collectPlans', () => {
  const fraud = makeCase({
    id: 'FC-0001',
    system: { model: 'txn-fraud-gbm' },
    retraining_plan: { status: 'in-progress', owner: 'Fraud ML', due: '2025-01-01' },
    evaluation_plan: { status: 'done', owner: 'Fraud ML' },
    corrective_actions: [
      {
        category: 'detection',
        action: 'Alert per hour bucket',
        owner: 'Fraud ops',
        status: 'open',
        due: '2025-01-01',
      },
      { category: 'process', action: 'Gate on slices', owner: 'Fraud ML', status: 'done' },
    ],
  });
  const ranker = makeCase({
    id: 'FC-0002',
    system: { model: 'listing-ranker' },
    evaluation_plan: {
      status: 'proposed',
      owner: 'Search',
      target_metrics: [{ metric: 'NDCG@10', goal: 0.6 }],
    },
    retraining_plan: { status: 'approved', owner: 'Search' },
  });
  const noPlan = makeCase({
    id: 'FC-0003',
    system: { model: 'eta' },
    corrective_actions: [
      { category: 'detection', action: 'Alert on ETA bias', owner: 'Ops', status: 'in-progress' },
    ],
  });
  delete noPlan.retraining_plan;
  delete noPlan.evaluation_plan;

  it("keeps open plans by model, in status order, with the model's open actions", () => {
    const o = collectPlans([fraud, ranker, noPlan], '2025-06-01');
    expect(o.openPlans).toBe(3);
    expect(o.closedPlans).toBe(1);
    expect(o.byStatus).toEqual([
      { status: 'in-progress', count: 1 },
      { status: 'approved', count: 1 },
      { status: 'proposed', count: 1 },
    ]);
    expect(o.models.map((m) => m.model)).toEqual(['listing-ranker', 'txn-fraud-gbm', 'eta']);
    const ranking = o.models[0]!;
    expect(ranking.plans.map((p) => `${p.kind}:${p.status}`)).toEqual([
      'retraining:approved',
      'evaluation:proposed',
    ]);
    expect(ranking.plans[1]!.targets).toEqual([{ metric: 'NDCG@10', goal: 0.6 }]);
    const fraudModel = o.models[1]!;
    expect(fraudModel.plans).toMatchObject([{ caseId: 'FC-0001', kind: 'retraining', overdue: true }]);
    expect(fraudModel.actions).toMatchObject([{ action: 'Alert per hour bucket', overdue: true }]);
    expect(o.models[2]).toMatchObject({
      plans: [],
      actions: [{ action: 'Alert on ETA bias', overdue: false }],
    });
  });
});
